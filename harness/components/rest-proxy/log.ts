import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Writable } from "node:stream";

export type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";

export interface Logger {
  log(level: Level, message: string, source?: string): void;
  close(): Promise<void>;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** The log4j layout the real proxy prints (`[yyyy-MM-dd HH:mm:ss,SSS] LEVEL message (source)`), so log scrapers work. */
export function timestamp(d = new Date()): string {
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())},${pad(d.getMilliseconds(), 3)}`
  );
}

export function streamLogger(stream: Writable, owned: boolean, minLevel: Level = "INFO"): Logger {
  const order: Level[] = ["DEBUG", "INFO", "WARN", "ERROR"];
  const min = order.indexOf(minLevel);
  return {
    log(level, message, source = "rest-proxy") {
      if (order.indexOf(level) < min) return;
      stream.write(`[${timestamp()}] ${level} ${message} (${source})\n`);
    },
    close() {
      if (!owned) return Promise.resolve();
      return new Promise((resolve) => stream.end(resolve));
    },
  };
}

export function fileLogger(path: string): Logger {
  mkdirSync(dirname(path), { recursive: true });
  return streamLogger(createWriteStream(path, { flags: "a" }), true);
}

export const silentLogger: Logger = { log() {}, close: () => Promise.resolve() };

/** NCSA-style request log line, as the real proxy's request logger writes it. */
export function requestLogLine(
  ip: string,
  method: string,
  url: string,
  status: number,
  bytes: number,
  ms: number,
): string {
  const d = new Date();
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const when =
    `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return `${ip} - - [${when}] "${method} ${url} HTTP/1.1" ${status} ${bytes}  ${ms}`;
}
