import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { config } from "../config.ts";
import { startFaultControl } from "../faults/control-server.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import { registeredProcessGroups } from "../runtime/reaper.ts";
import {
  processAlive,
  readStackRecord,
  removeStackRecord,
  writeStackRecord,
  type StackRecord,
} from "../runtime/stack-record.ts";
import { untilStopSignal } from "../runtime/signals.ts";
import { pollUntil } from "../runtime/wait.ts";
import { startStack, type StackOptions } from "../stack.ts";
import type { StackInfo } from "../stack-info.ts";
import { integerAtLeast, positiveInteger } from "./args.ts";
import { declareCommand, defineCommand } from "./declaration.ts";
import { STACK_OPTIONS, stackOptionsFromArgs } from "./stack-args.ts";
import { describeStack } from "./stack-text.ts";

export const UP_DECLARATION = declareCommand({
  name: "up",
  summary: "start the chain and print its endpoints; --detach leaves it running (see `down`)",
  details:
    "Without --detach the stack runs until Ctrl-C. With --detach pinpipe returns once every component is ready " +
    "and records the stack in .pinpipe/stack.json for `check` and `down`.",
  options: {
    detach: { type: "boolean", default: false, help: "return once all is ready and leave the stack running" },
    json: { type: "boolean", default: false, help: "print the endpoints as one StackInfo JSON object" },
    ...STACK_OPTIONS,
    brokers: { type: "string", value: "N", defaultText: "1", help: "Kafka nodes: 3 makes a three-node KRaft cluster" },
    "rest-proxy-port": {
      type: "string",
      value: "N",
      defaultText: "8082, as on the course's EC2 client",
      help: "the REST proxy's port; 0 for a free one",
    },
    serve: {
      type: "boolean",
      default: false,
      hidden: true,
      help: "the background process that --detach starts, which holds the stack",
    },
  },
});

function printInfo(info: StackInfo, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(info)}\n` : `pinpipe stack is up:\n${describeStack(info)}\n`);
}

async function assertNoDetachedStack(stateDir: string): Promise<void> {
  const record = await readStackRecord(stateDir);
  if (record && processAlive(record.pid)) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `A detached stack is already running (pid ${record.pid}, user ${record.info.userId}); run \`pinpipe down\` first.`,
      { context: { pid: record.pid } },
    );
  }
}

/** Holds a stack until SIGTERM/SIGINT: the foreground `up`, and the background half of `up --detach`. */
async function holdStack(options: StackOptions, json: boolean, record: boolean): Promise<number> {
  const stack = await startStack(options);
  const stateDir = config().stateDir;
  let control: { url: string; stop(): Promise<void> } | undefined;
  if (record) {
    const entry: StackRecord = {
      pid: process.pid,
      processGroups: registeredProcessGroups(),
      stackDir: stack.stackDir,
      logDir: stack.logDir,
      startedAt: new Date().toISOString(),
      info: stack.info,
    };
    // A component started again by a fault runs in a new process group, which `down` must know of.
    control = await startFaultControl(stack.faults, () =>
      writeStackRecord(stateDir, { ...entry, processGroups: registeredProcessGroups() }),
    );
    entry.faultControlUrl = control.url;
    await writeStackRecord(stateDir, entry);
  } else {
    printInfo(stack.info, json);
    process.stderr.write("pinpipe: press Ctrl-C to stop the stack\n");
  }
  await untilStopSignal();
  await control?.stop();
  await stack.stop();
  if (record) await removeStackRecord(stateDir, process.pid);
  return 0;
}

async function detach(argv: string[], json: boolean): Promise<number> {
  const { stateDir } = config();
  const logDir = join(stateDir, "logs");
  await mkdir(logDir, { recursive: true });
  const logFile = join(logDir, "pinpipe-up.log");
  const out = openSync(logFile, "w");
  const child = spawn(process.execPath, [projectPath("bin", "pinpipe.js"), "up", "--serve", ...argv], {
    detached: true,
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  child.unref();
  const pid = child.pid as number;
  let exited = false;
  child.once("exit", () => (exited = true));
  // An exit is an answer, not a failed attempt: pollUntil would retry a thrown error until its timeout.
  const record = await pollUntil(
    async () => {
      if (exited) return "exited" as const;
      const found = await readStackRecord(stateDir);
      return found?.pid === pid ? found : undefined;
    },
    { name: "the detached stack", timeoutMs: 600_000, intervalMs: 100 },
  ).catch((error: unknown) => {
    if (!exited) process.kill(pid, "SIGTERM");
    throw error;
  });
  if (record === "exited") {
    const tail = readFileSync(logFile, "utf8").trim().split("\n").slice(-15).join("\n");
    throw new PinpipeError(ErrorCode.StartFailed, `The stack did not start; from ${logFile}:\n${tail}`, {
      context: { logFile },
    });
  }
  printInfo(record.info, json);
  if (!json) process.stderr.write("pinpipe: the stack runs in the background; `pinpipe down` stops it\n");
  return 0;
}

export const upCommand = defineCommand(UP_DECLARATION, async ({ values }, argv) => {
  const options: StackOptions = {
    ...stackOptionsFromArgs(values),
    brokers: positiveInteger(values.brokers, "--brokers"),
    restProxyPort: integerAtLeast(0, values["rest-proxy-port"], "--rest-proxy-port"),
  };
  if (values.serve) return holdStack(options, values.json, true);
  await assertNoDetachedStack(config().stateDir);
  if (values.detach)
    return detach(
      argv.filter((arg) => arg !== "--detach"),
      values.json,
    );
  return holdStack(options, values.json, false);
});
