import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const MODULE = new URL("../../../harness/runtime/on-process-end.ts", import.meta.url).href;

/** A child that marks `file` from its cleanup, says it is ready, then waits to be ended. */
function child(file: string, releaseFirst: boolean) {
  const script =
    `const { onProcessEnd } = await import(${JSON.stringify(MODULE)});` +
    `const { writeFileSync } = await import("node:fs");` +
    `const release = onProcessEnd(() => writeFileSync(${JSON.stringify(file)}, "done"));` +
    (releaseFirst ? "release();" : "") +
    `console.log("ready"); setInterval(() => {}, 1000);`;
  return spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["ignore", "pipe", "inherit"],
  });
}

async function endWithSigint(file: string, releaseFirst: boolean): Promise<NodeJS.Signals | null> {
  const proc = child(file, releaseFirst);
  await new Promise<void>((resolve) => proc.stdout.once("data", () => resolve()));
  proc.kill("SIGINT");
  return new Promise((resolve) => proc.once("exit", (_code, signal) => resolve(signal)));
}

describe("cleanup when the process ends", () => {
  it("runs on Ctrl-C, and the process still ends by the signal", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "pinpipe-end-")), "mark");
    expect(await endWithSigint(file, false)).toBe("SIGINT");
    expect(existsSync(file)).toBe(true);
  });

  it("does not run once taken back", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "pinpipe-end-")), "mark");
    expect(await endWithSigint(file, true)).toBe("SIGINT");
    expect(existsSync(file)).toBe(false);
  });
});
