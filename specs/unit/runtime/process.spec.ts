import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../../harness/errors.ts";
import { ManagedProcess } from "../../../harness/runtime/process.ts";
import { processGroupAlive } from "../../../harness/runtime/process-groups.ts";
import { pollUntil, waitForLogLine } from "../../../harness/runtime/wait.ts";

const logFile = (): string => join(mkdtempSync(join(tmpdir(), "pinpipe-proc-")), "component.log");

function node(name: string, script: string): Promise<ManagedProcess> {
  return ManagedProcess.spawn({ name, command: process.execPath, args: ["-e", script], logFile: logFile() });
}

describe("process supervisor", () => {
  it("logs both streams to the component's log and waits for a ready line", async () => {
    const child = await node(
      "echo",
      "console.error('warming up'); setTimeout(() => console.log('ready now'), 100); setInterval(() => {}, 1000)",
    );
    await waitForLogLine(child, /ready now/, { name: "echo: ready", timeoutMs: 5000, process: child });
    await child.stop();
    expect(child.running).toBe(false);
    expect(readFileSync(child.logFile, "utf8")).toContain("warming up\nready now\n");
  });

  it("stops the whole process group, grandchildren included", async () => {
    const child = await node(
      "parent",
      "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000)",
    );
    await pollUntil(async () => (processGroupAlive(child.pid) ? true : undefined), { name: "group", timeoutMs: 2000 });
    await child.stop();
    await pollUntil(async () => (processGroupAlive(child.pid) ? undefined : true), {
      name: "group gone",
      timeoutMs: 5000,
    });
  });

  it("kills a process that ignores SIGTERM once the stop timeout passes", async () => {
    const child = await ManagedProcess.spawn({
      name: "stubborn",
      command: process.execPath,
      args: ["-e", "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)"],
      logFile: logFile(),
      stopTimeoutMs: 200,
    });
    await waitForLogLine(child, /up/, { name: "stubborn: up", timeoutMs: 5000 });
    await child.stop();
    expect(child.exitStatus?.signal).toBe("SIGKILL");
  });

  it("fails a readiness wait at once, with the log tail, when the process exits", async () => {
    const child = await node("crasher", "console.log('bad config: port'); process.exit(3)");
    const started = Date.now();
    await expect(
      waitForLogLine(child, /never printed/, { name: "crasher: ready", timeoutMs: 30_000, process: child }),
    ).rejects.toMatchObject({
      code: ErrorCode.ProcessExited,
      message: expect.stringMatching(/crasher exited \(code 3[\s\S]*bad config: port/),
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("names the wait in a timeout", async () => {
    const child = await node("quiet", "setInterval(() => {}, 1000)");
    await expect(waitForLogLine(child, /ready/, { name: "quiet: ready", timeoutMs: 200 })).rejects.toMatchObject({
      code: ErrorCode.ReadyTimeout,
      message: expect.stringContaining("waiting for quiet: ready"),
    });
    await child.kill();
  });

  it("reports a program that does not exist as a missing prerequisite", async () => {
    await expect(
      ManagedProcess.spawn({ name: "ghost", command: "/nonexistent/bin/ghostd", args: [], logFile: logFile() }),
    ).rejects.toMatchObject({ code: ErrorCode.MissingPrerequisite });
  });
});
