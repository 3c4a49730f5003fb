import { readFile, rm, writeFile, rename } from "node:fs/promises";
import { join } from "node:path";
import type { StackInfo } from "../stack-info.ts";

/** What `up --detach` leaves in `.pinpipe/stack.json` for `down`, `check` and scripts. */
export interface StackRecord {
  /** The process that holds the stack; `down` signals it. */
  pid: number;
  /** Component process groups, killed by `down` if the holder does not stop them in time. */
  processGroups: number[];
  stackDir: string;
  logDir: string;
  startedAt: string;
  info: StackInfo;
  /** Where `pinpipe fault` reaches the holder's fault controls. */
  faultControlUrl?: string;
}

export function stackRecordPath(stateDir: string): string {
  return join(stateDir, "stack.json");
}

export async function writeStackRecord(stateDir: string, record: StackRecord): Promise<void> {
  const file = stackRecordPath(stateDir);
  // Written whole then renamed, so a reader polling for it never sees half a file.
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export async function readStackRecord(stateDir: string): Promise<StackRecord | undefined> {
  try {
    return JSON.parse(await readFile(stackRecordPath(stateDir), "utf8")) as StackRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export async function removeStackRecord(stateDir: string, pid: number): Promise<void> {
  const record = await readStackRecord(stateDir);
  // Only the holder's own record: a newer `up --detach` may have replaced it.
  if (record && record.pid === pid) await rm(stackRecordPath(stateDir), { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
