import { rm } from "node:fs/promises";
import { config } from "../config.ts";
import { processAlive, readStackRecord, stackRecordPath } from "../runtime/stack-record.ts";
import { pollUntil } from "../runtime/wait.ts";
import { parseCommandArgs } from "./args.ts";

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Stops what `up --detach` started: asks its holder to stop, then makes sure no component is left. */
export async function downCommand(argv: string[]): Promise<number> {
  parseCommandArgs("down", argv, {});
  const { stateDir } = config();
  const record = await readStackRecord(stateDir);
  if (!record) {
    process.stderr.write("pinpipe: no detached stack is running\n");
    return 0;
  }
  if (processAlive(record.pid)) {
    process.kill(record.pid, "SIGTERM");
    await pollUntil(async () => (processAlive(record.pid) ? undefined : true), {
      name: `the stack holder (pid ${record.pid}) to stop`,
      timeoutMs: 30_000,
      intervalMs: 100,
    }).catch(() => process.kill(record.pid, "SIGKILL"));
  }
  // The holder stops its components; these are only left if it was killed before it could.
  const left = record.processGroups.filter(groupAlive);
  for (const pid of left) signalGroup(pid, "SIGKILL");
  await rm(stackRecordPath(stateDir), { force: true });
  if (!config().keep) await rm(record.stackDir, { recursive: true, force: true });
  process.stderr.write(`pinpipe: stack of user ${record.info.userId} stopped\n`);
  return 0;
}
