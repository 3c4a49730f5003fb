import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:net";
import { join } from "node:path";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { createDualListener, type AnyRequest, type AnyResponse } from "./listener.ts";
import type { KinesisService } from "./service.ts";
import { shardIterators } from "./shard-iterators.ts";
import { StreamStore } from "./streams.ts";
import { handleKinesisRequest, type KinesisRequest, type KinesisResponse } from "./wire.ts";
import { WriteLimiter } from "./write-limits.ts";

export interface KinesisServerOptions {
  /** The component's own folder: streams, records and the iterator key live here. */
  dataDir: string;
  region?: string;
  accountId?: string;
  /** How long a new stream stays CREATING; 300 ms unless told. */
  createDelayMs?: number;
  /** How long a deleted stream stays DELETING; 300 ms unless told. */
  deleteDelayMs?: number;
  /** The account's shard quota; Kinesis's default for the region unless told. */
  shardLimit?: number;
  /** Per-shard write throughput limits (1,000 records and 1 MiB per second); on unless `false`. */
  writeLimits?: boolean;
  /** The clock; specs pass their own. */
  now?: () => number;
}

export const DEFAULT_ACCOUNT_ID = "000000000000";
export const DEFAULT_REGION = "us-east-1";

/** The default shard quota is 500 in these regions and 200 elsewhere. */
const LARGE_QUOTA_REGIONS = new Set(["us-east-1", "us-west-2", "eu-west-1"]);

export interface KinesisServer {
  /** HTTP/1.1 and HTTP/2 on one port; not listening yet. */
  server: Server;
  service: KinesisService;
  /** Answers one buffered request, as the server does: for specs that need no port. */
  handle(request: KinesisRequest): KinesisResponse;
  /** Resolves once no request is being handled. */
  idle(): Promise<void>;
  /** Stops accepting; resolves once every connection is closed (after `destroyConnections` at the latest). */
  beginClose(): Promise<void>;
  /** Cuts every connection now. */
  destroyConnections(): void;
  /** Closes the shards' files. */
  close(): void;
}

/** Requests larger than this are refused with 413 (a PutRecords at its limit is well below it). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/** The key that seals shard iterators, made once per folder so that iterators survive a restart. */
function iteratorKey(dataDir: string): Buffer {
  const file = join(dataDir, "iterator.key");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx" });
  return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
}

function readBody(request: AnyRequest): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        request.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks, size)));
    request.on("error", reject);
  });
}

function headersOf(request: AnyRequest): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    // HTTP/2 pseudo-headers (":path") are not headers a client sent.
    if (name.startsWith(":")) continue;
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return headers;
}

export function createKinesisServer(options: KinesisServerOptions): KinesisServer {
  mkdirSync(options.dataDir, { recursive: true });
  const region = options.region ?? DEFAULT_REGION;
  let store: StreamStore;
  try {
    store = new StreamStore({
      dir: options.dataDir,
      createDelayMs: options.createDelayMs ?? 300,
      deleteDelayMs: options.deleteDelayMs ?? 300,
    });
  } catch (cause) {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `kinesis cannot read its streams in ${options.dataDir}: ${(cause as Error).message}. ` +
        "Remove that folder to start with no streams.",
      { context: { component: "kinesis", dataDir: options.dataDir }, cause },
    );
  }
  const service: KinesisService = {
    store,
    iterators: shardIterators(iteratorKey(options.dataDir)),
    limiter: options.writeLimits === false ? undefined : new WriteLimiter(),
    region,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    shardLimit: options.shardLimit ?? (LARGE_QUOTA_REGIONS.has(region) ? 500 : 200),
    now: options.now ?? Date.now,
  };
  const handle = (request: KinesisRequest): KinesisResponse => {
    const response = handleKinesisRequest(service, request);
    scheduleSweep();
    return response;
  };

  // Deleted streams leave their files until DELETING is over; a timer removes them then even if no request
  // comes (the store also drops them on the next access).
  let sweepTimer: NodeJS.Timeout | undefined;
  const scheduleSweep = (): void => {
    const now = service.now();
    const pending = store
      .list(now)
      .map((stream) => stream.goneMs)
      .filter((gone): gone is number => gone !== undefined);
    if (pending.length === 0 || sweepTimer) return;
    sweepTimer = setTimeout(
      () => {
        sweepTimer = undefined;
        store.sweep(service.now());
        scheduleSweep();
      },
      Math.max(0, Math.min(...pending) - now),
    );
    sweepTimer.unref();
  };
  scheduleSweep();

  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    inFlight -= 1;
    if (inFlight > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };

  const serve = async (req: AnyRequest, res: AnyResponse): Promise<void> => {
    const body = await readBody(req);
    if (body === undefined) {
      res.writeHead(413);
      res.end();
      // The rest of the body is not read: the connection cannot carry another request.
      res.on("finish", () => req.socket.destroy());
      return;
    }
    const response = handle({ method: req.method ?? "GET", url: req.url ?? "/", headers: headersOf(req), body });
    // HTTP/2 has no Content-Length requirement and forbids connection-specific headers; Node adds what it needs.
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(response.body);
  };

  const listener = createDualListener((req, res) => {
    inFlight += 1;
    serve(req, res)
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      })
      .finally(settle);
  });

  return {
    server: listener.server,
    beginClose: () => listener.beginClose(),
    destroyConnections: () => listener.destroyAll(),
    service,
    handle,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    close: () => {
      if (sweepTimer) clearTimeout(sweepTimer);
      sweepTimer = undefined;
      store.close();
    },
  };
}
