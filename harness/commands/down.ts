import { rm } from "node:fs/promises";
import { config } from "../config.ts";
import { processAlive, readStackRecord, stackRecordPath } from "../runtime/stack-record.ts";
import { pollUntil } from "../runtime/wait.ts";
import { processGroupAlive, signalProcessGroup } from "../runtime/process-groups.ts";
import { declareCommand, defineCommand } from "./declaration.ts";

export const DOWN_DECLARATION = declareCommand({
  name: "down",
  summary: "stop what `up --detach` started",
  options: {},
});

/** Stops what `up --detach` started: asks its holder to stop, then makes sure no component is left. */
export const downCommand = defineCommand(DOWN_DECLARATION, async () => {
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
  const left = record.processGroups.filter(processGroupAlive);
  for (const pid of left) signalProcessGroup(pid, "SIGKILL");
  await rm(stackRecordPath(stateDir), { force: true });
  if (!config().keep) await rm(record.stackDir, { recursive: true, force: true });
  process.stderr.write(`pinpipe: stack of user ${record.info.userId} stopped\n`);
  return 0;
});
