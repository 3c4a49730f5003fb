import { createHash, randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { cp, mkdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { outputTail, runToCompletion } from "../../runtime/run-command.ts";
import { installDbArgs } from "./flags.ts";

/** The MariaDB build and the install flags: a template made by another build or with other flags is not used. */
function templateKey(mariadbd: string, installDb: string): string {
  const build = (file: string): string => {
    const stat = statSync(file);
    return `${file}:${stat.size}:${stat.mtimeMs}`;
  };
  return createHash("sha256")
    .update(build(mariadbd))
    .update(build(installDb))
    .update(installDbArgs("datadir").join(" "))
    .digest("hex")
    .slice(0, 16);
}

/**
 * Puts a fresh MariaDB data directory (system tables, root without a password) at `datadir`.
 * `mariadb-install-db` bootstraps a server of its own for it: 0.65 s and half a CPU-second on every stack's
 * critical path. What it writes holds no path, port or password, so it runs once per cache and build, into a
 * template, and each stack gets a copy (34 MB, a few tens of milliseconds).
 */
export async function copyFreshDatadir(
  mariadbd: string,
  installDb: string,
  datadir: string,
  cacheDir: string,
): Promise<void> {
  const template = join(cacheDir, "mysql-datadir", templateKey(mariadbd, installDb));
  if (!existsSync(join(template, "mysql"))) await installTemplate(installDb, template);
  await cp(template, datadir, { recursive: true });
}

async function installTemplate(installDb: string, template: string): Promise<void> {
  // Installed beside the template and renamed into place, so that a stack starting meanwhile never copies half.
  const scratch = `${template}.${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    const install = await runToCompletion(installDb, installDbArgs(scratch));
    if (install.code !== 0) {
      throw new PinpipeError(
        ErrorCode.StartFailed,
        `mysql: mariadb-install-db failed (exit ${install.code}):\n${outputTail(install.output)}`,
        { context: { component: "mysql", command: installDb } },
      );
    }
    await mkdir(dirname(template), { recursive: true });
    await rename(scratch, template).catch((error: NodeJS.ErrnoException) => {
      // Another start made the same template first: theirs is as good.
      if (error.code !== "EEXIST" && error.code !== "ENOTEMPTY") throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
