// A scenario ended with Ctrl-C leaves nothing behind: `npm run test:faults`.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../harness/paths.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { processesMentioning } from "../support/processes.ts";

const bin = projectPath("bin", "pinpipe.js");

describe("a scenario interrupted with Ctrl-C", () => {
  it("exits, and leaves no process, no stack folder and no copy of the emulator's folder", async () => {
    const home = mkdtempSync(join(tmpdir(), "pinpipe-interrupted-"));
    // The scenario's edited copy of the emulator folder goes to the temporary folder: one of its own here.
    const temp = mkdtempSync(join(tmpdir(), "pinpipe-interrupted-tmp-"));
    // Its emulator runs from a copy with an edit, and sends until its record budget: long enough to interrupt.
    const child = spawn(
      process.execPath,
      [bin, "scenario", projectPath("fixtures", "scenarios", "value-as-list.yaml")],
      {
        env: { ...process.env, PINPIPE_HOME: home, TMPDIR: temp },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stderr }).on("line", (line) => {
        if (line.includes("running the emulator")) resolve();
      });
      void exited.then(() => reject(new Error("the scenario ended before its emulator started")));
    });
    expect(readdirSync(temp).some((name) => name.startsWith("pinpipe-scenario-"))).toBe(true);

    child.kill("SIGINT");
    const code = await exited;
    expect(code).not.toBe(0);
    await pollUntil(async () => (processesMentioning(home).length === 0 ? true : undefined), {
      name: "every component process to be gone",
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect(processesMentioning(temp)).toEqual([]);
    expect(readdirSync(temp).filter((name) => name.startsWith("pinpipe-scenario-"))).toEqual([]);
    expect(readdirSync(join(home, "stacks"))).toEqual([]);
  }, 120_000);
});
