import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { withFolderLock } from "../../../harness/runtime/folder-lock.ts";

describe("a lock folder around building a cached thing", () => {
  it("lets one of two builders build, and the other use what it built", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-lock-"));
    const made = join(dir, "made");
    let builds = 0;
    const build = async (): Promise<string> => {
      builds += 1;
      await delay(300);
      writeFileSync(made, "");
      return "built";
    };
    const results = await Promise.all([
      withFolderLock(join(dir, "lock"), () => existsSync(made), build, 20),
      withFolderLock(join(dir, "lock"), () => existsSync(made), build, 20),
    ]);
    expect(builds).toBe(1);
    expect(results.sort()).toEqual(["built", undefined]);
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });

  it("takes over a lock whose owner died, and lets the next builder in after a failed build", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-lock-"));
    const lock = join(dir, "lock");
    mkdirSync(lock);
    // The pid of a process that has exited: its lock is abandoned.
    const gone = spawnSync(process.execPath, ["-e", ""]).pid as number;
    writeFileSync(join(lock, "pid"), String(gone));
    await expect(
      withFolderLock(
        lock,
        () => false,
        async () => Promise.reject(new Error("pip failed")),
        20,
      ),
    ).rejects.toThrow("pip failed");
    expect(
      await withFolderLock(
        lock,
        () => false,
        async () => "second try",
        20,
      ),
    ).toBe("second try");
  });
});
