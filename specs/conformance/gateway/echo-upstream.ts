import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";

/** What the echo backend saw of one call. */
export interface EchoRecord {
  method: string;
  /** Request target exactly as on the request line. */
  url: string;
  path: string;
  query: string | undefined;
  /** Header pairs, case and order as received. */
  headers: [string, string][];
  body: string;
  bodyBytes: number;
}

export interface EchoUpstream {
  url: string;
  port: number;
  calls: EchoRecord[];
  /** TCP connections accepted so far: shows whether the gateway pools. */
  connections(): number;
  /** The last call, or a failure when there was none. */
  last(): EchoRecord;
  header(record: EchoRecord, name: string): string | undefined;
  close(): Promise<void>;
}

/**
 * A backend that answers every call with a JSON echo of it. Request headers steer it, since the gateway forwards
 * them untouched: `x-echo-status`, `x-echo-sleep-ms`, `x-echo-reset` (drop the socket), `x-echo-chunked`,
 * `x-echo-gzip`, `x-echo-no-content-type`, `x-echo-headers` (a JSON object of extra response headers),
 * `x-echo-body` (a literal body instead of the echo).
 */
export async function startEchoUpstream(): Promise<EchoUpstream> {
  const calls: EchoRecord[] = [];
  const sockets = new Set<Socket>();
  let accepted = 0;

  const pairs = (raw: string[]): [string, string][] => {
    const result: [string, string][] = [];
    for (let index = 0; index + 1 < raw.length; index += 2) result.push([raw[index] ?? "", raw[index + 1] ?? ""]);
    return result;
  };
  const header = (record: EchoRecord, name: string): string | undefined =>
    record.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = req.url ?? "/";
    const mark = url.indexOf("?");
    const record: EchoRecord = {
      method: req.method ?? "",
      url,
      path: mark < 0 ? url : url.slice(0, mark),
      query: mark < 0 ? undefined : url.slice(mark + 1),
      headers: pairs(req.rawHeaders),
      body: body.toString("utf8"),
      bodyBytes: body.length,
    };
    calls.push(record);
    const steer = (name: string): string | undefined => header(record, name);

    const sleep = Number(steer("x-echo-sleep-ms") ?? 0);
    if (sleep > 0) await new Promise((resolve) => setTimeout(resolve, sleep));
    if (steer("x-echo-reset") !== undefined) {
      req.socket.resetAndDestroy();
      return;
    }
    let payload = Buffer.from(steer("x-echo-body") ?? JSON.stringify(record));
    if (steer("x-echo-gzip") !== undefined) {
      payload = gzipSync(payload);
      res.setHeader("Content-Encoding", "gzip");
    }
    if (steer("x-echo-no-content-type") === undefined) res.setHeader("Content-Type", "application/json");
    for (const [name, value] of Object.entries(JSON.parse(steer("x-echo-headers") ?? "{}") as Record<string, string>)) {
      res.setHeader(name, value);
    }
    res.statusCode = Number(steer("x-echo-status") ?? 200);
    if (steer("x-echo-chunked") !== undefined) {
      // Two writes without a length make Node frame the body as chunked.
      const half = Math.floor(payload.length / 2);
      res.write(payload.subarray(0, half));
      await new Promise((resolve) => setTimeout(resolve, 5));
      res.end(payload.subarray(half));
      return;
    }
    res.setHeader("Content-Length", payload.length);
    res.end(payload);
  };

  const server: Server = createServer((req, res) => {
    respond(req, res).catch(() => res.destroy());
  });
  server.on("connection", (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    connections: () => accepted,
    last() {
      const record = calls.at(-1);
      if (!record) throw new Error("the echo upstream was not called");
      return record;
    },
    header,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
