import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Pids of live processes whose command line mentions `text` (a stack's own folder, say). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      // A zombie has exited already; it only waits for its parent to collect it.
      if (state !== "Z" && cmdline.includes(text)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
  } catch {
    return "";
  }
}

/** Live processes whose working directory is `dir`: an emulator's, or a child it left behind. */
export function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const state = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]?.[0];
      if (state !== "Z" && readlinkSync(`/proc/${entry}/cwd`) === dir) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

/**
 * Waits (briefly) until no process works in `dir`. pinpipe's watchdog, which shares the command's folder, ends
 * a moment after the command itself, so a check made at once could see it.
 */
export async function processesLeftIn(dir: string, waitMs = 3000): Promise<string[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const pids = processesIn(dir);
    if (pids.length === 0 || Date.now() > deadline) {
      return pids
        .map((pid) => {
          try {
            return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim()}`;
          } catch {
            return `${pid} (gone)`;
          }
        })
        .filter((line) => !line.endsWith("(gone)"));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
