// Child processes for the benches: each server under test runs in a process of its own, so it never shares an
// event loop with the load generator, and its CPU time can be read on its own.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface BenchChild {
  child: ChildProcess;
  /** The JSON line the script printed once it was ready, e.g. `{ "url": "http://127.0.0.1:41234" }`. */
  info: { url: string };
}

const running: ChildProcess[] = [];

const LAUNCHER = fileURLToPath(new URL("./launch.js", import.meta.url));

/** Runs a TypeScript file from a bundle, as pinpipe runs; resolves with the first line it prints, which must be JSON. */
export function startChild(script: URL, args: string[]): Promise<BenchChild> {
  const child = spawn(process.execPath, [LAUNCHER, fileURLToPath(script), ...args], {
    // stdin is a pipe that the child watches: when this process goes, so do the children.
    stdio: ["pipe", "pipe", "inherit"],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ child, info: JSON.parse(line) as { url: string } }));
    child.once("exit", (code) => reject(new Error(`${fileURLToPath(script)} exited with ${code}`)));
  });
}

export function stopChildren(): void {
  for (const child of running) child.kill("SIGTERM");
}

/** The child side: exit when the parent's pipe closes or on SIGTERM, after `cleanup`. */
export function exitWithParent(cleanup: () => Promise<void> = async () => {}): void {
  const exit = (): void => {
    void cleanup().finally(() => process.exit(0));
  };
  process.on("SIGTERM", exit);
  process.stdin.on("end", exit).resume();
}

// Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on.
const TICKS_PER_SECOND = 100;

/** CPU seconds (user and system) a process has used so far, or undefined where /proc is not there. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in parentheses may hold spaces, so fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
