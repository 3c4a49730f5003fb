import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StackInfo } from "../stack-info.ts";

export const DB_CREDS_FILE = "db_creds.yaml";

/** YAML of the five keys, in the order the strictest emulators check them: HOST, USER, PASSWORD, DATABASE, PORT. */
export function dbCredsYaml(mysql: StackInfo["mysql"]): string {
  const quoted = (value: string): string => `'${value.replace(/'/g, "''")}'`;
  return [
    `HOST: ${quoted(mysql.host)}`,
    `USER: ${quoted(mysql.user)}`,
    `PASSWORD: ${quoted(mysql.password)}`,
    `DATABASE: ${quoted(mysql.database)}`,
    `PORT: ${mysql.port}`,
    "",
  ].join("\n");
}

/**
 * Writes db_creds.yaml (mode 0600) beside the emulator; returns the function that removes it again and puts
 * back a file of the user's that stood there before.
 */
export async function placeDbCreds(dir: string, mysql: StackInfo["mysql"]): Promise<() => Promise<void>> {
  const file = join(dir, DB_CREDS_FILE);
  const backup = `${file}.pinpipe-saved`;
  const hadOwn = existsSync(file);
  if (hadOwn) await rename(file, backup);
  await writeFile(file, dbCredsYaml(mysql), { mode: 0o600 });
  return async () => {
    await rm(file, { force: true });
    if (hadOwn) await rename(backup, file);
  };
}
