import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MysqlEndpoint } from "../components/mysql/index.ts";

export const DB_CREDS_FILE = "db_creds.yaml";

/** YAML of the five keys, in the order the strictest emulators check them: HOST, USER, PASSWORD, DATABASE, PORT. */
export function dbCredsYaml(mysql: MysqlEndpoint): string {
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
 * Writes db_creds.yaml (mode 0600) in the folder the emulator runs in, for scripts that read the course's file,
 * but only where there is none: a file of the author's is theirs and is used as it is. Returns the function that
 * removes what was written (nothing, when nothing was).
 */
export async function placeDbCreds(
  dir: string,
  login: MysqlEndpoint,
): Promise<{ written: boolean; remove: () => Promise<void> }> {
  const file = join(dir, DB_CREDS_FILE);
  try {
    // "wx": never replaces a file, even one that appears between a check and the write.
    await writeFile(file, dbCredsYaml(login), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return { written: false, remove: async () => {} };
    throw error;
  }
  return { written: true, remove: () => rm(file, { force: true }) };
}
