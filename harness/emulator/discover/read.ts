import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { setImmediate as yieldToLoop } from "node:timers/promises";

const MAX_FILE_BYTES = 1024 * 1024;

// Synchronous reads of small files cost a tenth of the promise round trips through the thread pool; yielding
// every so many keeps a long scan from starving timers and signal handlers.
const FILES_PER_YIELD = 64;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file's text, or undefined when it is not worth reading: too big to be a settings file, binary (a NUL byte),
 * not UTF-8 (a Python 3 script must be, unless it declares otherwise, which these never do), or unreadable.
 */
function readText(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    const bytes = readFileSync(fd);
    if (bytes.length > MAX_FILE_BYTES || bytes.includes(0)) return undefined;
    return utf8.decode(bytes);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The texts of the files, in order (undefined for those not read). */
export async function readTexts(paths: readonly string[]): Promise<(string | undefined)[]> {
  const texts: (string | undefined)[] = [];
  for (const path of paths) {
    if (texts.length > 0 && texts.length % FILES_PER_YIELD === 0) await yieldToLoop();
    texts.push(readText(path));
  }
  return texts;
}
