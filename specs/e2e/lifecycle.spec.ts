import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import type { StackInfo } from "../../harness/index.ts";
import { projectPath } from "../../harness/paths.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { commandOf, processesMentioning } from "../support/processes.ts";

const run = promisify(execFile);
const bin = projectPath("bin", "pinpipe.js");

/** A project folder of its own, so this spec's stacks never meet the shared one. */
function isolatedHome(): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), "pinpipe-lifecycle-"));
  return { home, env: { ...process.env, PINPIPE_HOME: home, PINPIPE_QUIET: "1" } };
}

function componentNames(pids: number[]): string[] {
  return pids.map((pid) => basename(commandOf(pid))).sort();
}

async function expectWorking(info: StackInfo): Promise<void> {
  const db = await mysql.createConnection(info.mysql);
  await db.query("SELECT 1");
  await db.end();
  const admin = new Kafka({ brokers: [info.kafka.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  expect(await admin.listTopics()).toEqual(expect.arrayContaining(info.topics));
  await admin.disconnect();
}

async function noneLeft(home: string): Promise<void> {
  await pollUntil(async () => (processesMentioning(home).length === 0 ? true : undefined), {
    name: "every component process to be gone",
    timeoutMs: 20_000,
    intervalMs: 100,
  });
}

describe("stack lifecycle", () => {
  it("`up --detach --json` leaves a working stack, and `down` leaves no java or mariadbd behind", async () => {
    const { home, env } = isolatedHome();
    const { stdout } = await run(
      process.execPath,
      [bin, "up", "--detach", "--json", "--runtime", "native", "--rest-proxy-port", "0"],
      { env },
    );
    const info = JSON.parse(stdout) as StackInfo;
    expect(info.runtime).toBe("native");
    await expectWorking(info);
    expect(componentNames(processesMentioning(home))).toEqual(["java", "java", "mariadbd"]);

    await run(process.execPath, [bin, "down"], { env });
    expect(processesMentioning(home)).toEqual([]);
  }, 90_000);

  it("a script that starts a stack and stops it at once exits by itself, a moment after stop()", async () => {
    const { home, env } = isolatedHome();
    // The library as a user's script calls it: nothing but start and stop, and no process.exit().
    const script = [
      `const { startStack } = await import(${JSON.stringify(projectPath("harness", "index.ts"))});`,
      "const stack = await startStack({ restProxyPort: 0, progress: () => {} });",
      "await stack.stop();",
      "console.log(Date.now());",
    ].join("\n");
    const file = join(home, "start-and-stop.mts");
    writeFileSync(file, script);
    const child = spawn(process.execPath, ["--import", "tsx", file], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stoppedAt = 0;
    let hung: NodeJS.Timeout | undefined;
    createInterface({ input: child.stdout }).on("line", (line) => {
      stoppedAt = Number(line);
      // A script that does not end by itself is ended here, so the spec fails instead of waiting for its timeout.
      hung = setTimeout(() => child.kill("SIGKILL"), 10_000);
    });
    const exitedAt = await new Promise<number>((resolve) => child.once("exit", () => resolve(Date.now())));
    clearTimeout(hung);
    expect(child.signalCode).toBeNull();
    expect(child.exitCode).toBe(0);
    expect(stoppedAt).toBeGreaterThan(0);
    expect(exitedAt - stoppedAt).toBeLessThan(3000);
    expect(processesMentioning(home)).toEqual([]);
  }, 90_000);

  it("a crash of the process that holds the stack takes its components with it", async () => {
    const { home, env } = isolatedHome();
    const holder = spawn(process.execPath, [bin, "up", "--json", "--runtime", "native", "--rest-proxy-port", "0"], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: holder.stdout }).once("line", resolve);
      holder.once("exit", (code) => reject(new Error(`pinpipe up exited with ${code}`)));
    });
    const info = JSON.parse(firstLine) as StackInfo;
    await expectWorking(info);
    expect(componentNames(processesMentioning(home))).toEqual(["java", "java", "mariadbd"]);

    holder.kill("SIGKILL");
    await noneLeft(home);
  }, 90_000);
});
