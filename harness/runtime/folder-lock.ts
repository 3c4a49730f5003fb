import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just is not ours.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A lock with no pid in it for this long was left by a process that died while taking it. */
const UNOWNED_STALE_MS = 30_000;

/** Whether the lock's owner is gone (a crashed run), so the lock may be taken over. */
async function abandoned(lock: string): Promise<boolean> {
  const owner = Number(await readFile(join(lock, "pid"), "utf8").catch(() => ""));
  if (Number.isInteger(owner) && owner > 0) return !alive(owner);
  // No pid yet: being taken right now, unless that was long ago.
  const since = await stat(lock).then(
    (info) => Date.now() - info.mtimeMs,
    () => 0,
  );
  return since > UNOWNED_STALE_MS;
}

/**
 * Runs `work` while holding a lock folder, so that two processes building the same cached thing (a virtualenv,
 * say) never build it at once; `mkdir` is atomic, and a lock whose owner died is taken over. Before each attempt
 * `done()` is asked, so a waiter whose work was done by the other process returns at once with `undefined`.
 */
export async function withFolderLock<T>(
  lock: string,
  done: () => boolean,
  work: () => Promise<T>,
  pollMs = 200,
): Promise<T | undefined> {
  for (;;) {
    if (done()) return undefined;
    try {
      await mkdir(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (await abandoned(lock)) await rm(lock, { recursive: true, force: true });
      else await delay(pollMs);
      continue;
    }
    try {
      await writeFile(join(lock, "pid"), String(process.pid));
      if (done()) return undefined;
      return await work();
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}
