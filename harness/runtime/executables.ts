import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

// Daemons such as mariadbd live in sbin, which a non-root PATH often lacks.
const SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

/** PATH plus the sbin folders: where pinpipe looks for the programs it runs. */
export function withSbin(searchPath: string): string {
  return [...searchPath.split(delimiter).filter(Boolean), ...SBIN_DIRS].join(delimiter);
}

/** The absolute path of `name` in one of the folders of `searchPath`, or undefined. */
export function findExecutable(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
