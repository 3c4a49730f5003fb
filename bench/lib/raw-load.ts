// A lean HTTP/1.1 load generator for the benches: keep-alive sockets that send one prebuilt request after another
// and read each response just far enough to know its status, its length and whether it carries a per-record error.
// On a 2-core machine the load generator shares the CPU with what it measures; an HTTP client library costs it
// several times more per request than this does, and that cost would be charged to whichever side is CPU-bound.
import { connect } from "node:net";
import type { Socket } from "node:net";

export interface LoadTarget {
  /** `http://127.0.0.1:8082` or `http://127.0.0.1:41234/prod`: origin plus an optional path prefix. */
  base: string;
  /** Appended to the base path, e.g. `/topics/bench.pin`. */
  path: string;
  contentType: string;
  body: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function requestBytes(target: LoadTarget): Buffer {
  const url = new URL(target.base);
  const path = `${url.pathname.replace(/\/$/, "")}${target.path}`;
  const body = Buffer.from(target.body);
  const head =
    `POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${target.contentType}\r\n` +
    `Content-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

const HEADER_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;
// The REST proxy answers 200 even when a record failed; only a record with an offset counts as served.
const RECORD_ERROR = Buffer.from('"error_code":');
const NULL_ERROR = Buffer.from('"error_code":null');

/** Whether a complete response means a served request. */
function served(status: number, body: Buffer): boolean {
  if (status !== 200) return false;
  let from = 0;
  for (;;) {
    const at = body.indexOf(RECORD_ERROR, from);
    if (at < 0) return true;
    if (body.indexOf(NULL_ERROR, at) !== at) return false;
    from = at + RECORD_ERROR.length;
  }
}

/** One keep-alive connection sending requests back to back until the deadline; calls `done` per response. */
function runConnection(
  target: URL,
  request: Buffer,
  deadline: number,
  done: (latencyMs: number, ok: boolean) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    let buffered: Buffer = Buffer.alloc(0);
    let began = 0;
    const send = (): void => {
      if (performance.now() >= deadline) {
        socket.end();
        resolve();
        return;
      }
      began = performance.now();
      socket.write(request);
    };
    socket.once("connect", send);
    socket.on("data", (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const headerEnd = buffered.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const head = buffered.subarray(0, headerEnd).toString("latin1");
      const length = CONTENT_LENGTH.exec(head);
      if (length === null) {
        socket.destroy();
        reject(new Error(`response without Content-Length: ${head.split("\r\n")[0]}`));
        return;
      }
      const total = headerEnd + HEADER_END.length + Number(length[1]);
      if (buffered.length < total) return;
      const status = Number(head.slice(9, 12));
      done(performance.now() - began, served(status, buffered.subarray(headerEnd + HEADER_END.length, total)));
      buffered = buffered.subarray(total);
      send();
    });
    socket.once("error", reject);
    socket.once("close", () => resolve());
  });
}

/** `connections` keep-alive connections, each sending one request after another for `durationMs`. */
export async function runLoad(target: LoadTarget, connections: number, durationMs: number): Promise<LoadResult> {
  const url = new URL(target.base);
  const request = requestBytes(target);
  const latencies: number[] = [];
  let errors = 0;
  const record = (latencyMs: number, ok: boolean): void => {
    latencies.push(latencyMs);
    if (!ok) errors += 1;
  };
  const began = performance.now();
  const deadline = began + durationMs;
  await Promise.all(Array.from({ length: connections }, () => runConnection(url, request, deadline, record)));
  const elapsed = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: Math.round(latencies.length / elapsed),
    p50: Number(percentile(latencies, 0.5).toFixed(3)),
    p99: Number(percentile(latencies, 0.99).toFixed(3)),
  };
}
