import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Installs known not to work, remembered so that a requirements file that cannot install on this Python is not
 * handed to pip on every run (a failing resolve can take a minute). Keyed by everything that decided the
 * outcome: the file's content, the Python version, the specs.
 */
export interface InstallVerdicts {
  failure(key: readonly string[]): string | undefined;
  recordFailure(key: readonly string[], reason: string): Promise<void>;
}

export function installVerdicts(cacheDir: string): InstallVerdicts {
  const dir = join(cacheDir, "python", "verdicts");
  const file = (key: readonly string[]): string =>
    join(dir, `${createHash("sha256").update(JSON.stringify(key)).digest("hex").slice(0, 16)}.json`);
  return {
    failure(key) {
      try {
        return (JSON.parse(readFileSync(file(key), "utf8")) as { reason: string }).reason;
      } catch {
        return undefined; // no verdict yet (or an unreadable one, which is as good as none)
      }
    },
    async recordFailure(key, reason) {
      await mkdir(dir, { recursive: true });
      await writeFile(file(key), JSON.stringify({ reason, at: new Date().toISOString() }));
    },
  };
}
