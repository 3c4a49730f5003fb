import { join } from "node:path";
import { listenOn } from "../../runtime/ports.ts";
import { restartable, type Run } from "../restartable.ts";
import type { ComponentPlacement, StartedServer } from "../types.ts";
import { createInitialStreams, type InitialStream } from "./initial-streams.ts";
import { createKinesisServer, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, type KinesisServerOptions } from "./server.ts";

export { createKinesisServer, DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from "./server.ts";
export type { KinesisServer, KinesisServerOptions } from "./server.ts";
export type { KinesisRequest, KinesisResponse } from "./wire.ts";
export type { InitialStream } from "./initial-streams.ts";

export interface KinesisOptions extends Omit<KinesisServerOptions, "dataDir">, Pick<ComponentPlacement, "stackDir"> {
  /** Listener address, 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 (default) picks a free port; a restart keeps the port the first start got. */
  port?: number;
  /** Streams created at the first start (CREATING, then ACTIVE after the create delay). */
  streams?: InitialStream[];
}

export interface StartedKinesis extends StartedServer {
  /** What a client takes as its endpoint (`endpoint_url`, `endpoint`): the same as `url`. */
  endpoint: string;
  region: string;
  accountId: string;
  /** `<stackDir>/kinesis`: the streams, their records and the iterator key. */
  dataDir: string;
}

/** One run of the server on a port: built, listening, and ended by a stop or a kill. */
async function runServer(
  options: KinesisServerOptions,
  host: string,
  port: number,
  streams: readonly InitialStream[] = [],
): Promise<{ run: Run; port: number }> {
  const kinesis = createKinesisServer(options);
  const { server } = kinesis;
  let bound: number;
  try {
    createInitialStreams(kinesis, streams);
    bound = await listenOn(server, port, host, "kinesis");
  } catch (error) {
    kinesis.close();
    throw error;
  }
  let running = true;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    running = false;
    stopping ??= (async () => {
      const closed = kinesis.beginClose();
      // Requests being answered finish; an idle keep-alive connection must not hold the stop up.
      await kinesis.idle();
      kinesis.destroyConnections();
      await closed;
      kinesis.close();
    })();
    return stopping;
  };
  const kill = async (): Promise<void> => {
    running = false;
    // A crash: every connection is cut at once. Records are on disk as soon as a put is answered, so nothing that
    // Kinesis acknowledged is lost; a put cut off mid-way was never answered.
    kinesis.destroyConnections();
    server.close();
    kinesis.close();
  };
  return { run: { stop, kill, alive: () => running }, port: bound };
}

/**
 * Starts the Kinesis Data Streams stand-in: the JSON API that `@aws-sdk/client-kinesis` and boto3 speak, with
 * streams and records kept under `<stackDir>/kinesis`. `start()` after `stop()` or `kill()` serves the same streams
 * and records again on the same port; shard iterators handed out before are still good until they expire.
 */
export async function startKinesis(options: KinesisOptions): Promise<StartedKinesis> {
  const host = options.host ?? "127.0.0.1";
  const dataDir = join(options.stackDir, "kinesis");
  const { stackDir: _stackDir, host: _host, port: _port, streams = [], ...settings } = options;
  const serverOptions: KinesisServerOptions = { ...settings, dataDir };
  const first = await runServer(serverOptions, host, options.port ?? 0, streams);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${first.port}`;
  const facts = {
    url,
    endpoint: url,
    host,
    port: first.port,
    region: options.region ?? DEFAULT_REGION,
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    dataDir,
  };
  return restartable(facts, first.run, async () => (await runServer(serverOptions, host, first.port)).run);
}
