import { createWriteStream, mkdirSync } from "node:fs";
import type { WriteStream } from "node:fs";
import { dirname } from "node:path";

/** An append-only text file written one line at a time; lines from concurrent calls never interleave. */
export interface LineSink {
  write(line: string): void;
  close(): Promise<void>;
}

export function openLineFile(path: string): LineSink {
  mkdirSync(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path, { flags: "a" });
  let failure: Error | undefined;
  // A full disk must not take the gateway down; the next close() reports it instead.
  stream.on("error", (error) => {
    failure ??= error;
  });
  // Lines that arrive while a write is under way go out together as one string: one buffer and one file write per
  // batch instead of one per line, which matters when every request adds a line.
  let pending: string[] = [];
  let writing = false;
  const flush = (): void => {
    if (pending.length === 0 || failure !== undefined) {
      writing = false;
      return;
    }
    writing = true;
    const text = `${pending.join("\n")}\n`;
    pending = [];
    stream.write(text, (error) => {
      if (error) failure ??= error;
      flush();
    });
  };
  return {
    write(line) {
      if (failure !== undefined) return;
      pending.push(line);
      if (!writing) flush();
    },
    close() {
      if (failure === undefined && pending.length > 0) {
        stream.write(`${pending.join("\n")}\n`);
        pending = [];
      }
      return new Promise((resolve, reject) => {
        stream.end(() => (failure === undefined ? resolve() : reject(failure)));
      });
    },
  };
}

/** Collects lines in memory: unit specs read what would have gone to a file. */
export function memoryLines(): LineSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line), close: async () => {} };
}
