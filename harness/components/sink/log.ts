import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Writable } from "node:stream";

export interface SinkLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  close(): Promise<void>;
}

function stamp(): string {
  return new Date().toISOString().replace("T", " ").replace("Z", "").replace(".", ",");
}

/** Connect's log4j layout: `[time] LEVEL message`. */
export function streamSinkLogger(stream: Writable, owned: boolean): SinkLogger {
  const line = (level: string, m: string): void => void stream.write(`[${stamp()}] ${level} ${m}\n`);
  return {
    info: (m) => line("INFO", m),
    warn: (m) => line("WARN", m),
    error: (m) => line("ERROR", m),
    close: () => (owned ? new Promise((resolve) => stream.end(resolve)) : Promise.resolve()),
  };
}

export function fileSinkLogger(path: string): SinkLogger {
  mkdirSync(dirname(path), { recursive: true });
  return streamSinkLogger(createWriteStream(path, { flags: "a" }), true);
}

export const silentSinkLogger: SinkLogger = { info() {}, warn() {}, error() {}, close: () => Promise.resolve() };
