import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { config, type RuntimeChoice } from "./config.ts";
import { ErrorCode, PinpipeError } from "./errors.ts";
import { detectRuntime, type Runtime } from "./runtime/detect.ts";
import { onProcessEnd } from "./runtime/on-process-end.ts";
import { assertPortFree } from "./runtime/ports.ts";
import { killAndRemoveNow } from "./runtime/reaper.ts";
import { progress as defaultProgress, type ProgressSink } from "./runtime/progress.ts";
import type { StartedMysql } from "./components/mysql/index.ts";
import { seedPinterestData } from "./components/mysql/seed.ts";
import type { StartedKafka } from "./components/kafka/index.ts";
import { defaultBucket, type StartedS3 } from "./components/s3/index.ts";
import type { StartedRestProxy } from "./components/rest-proxy/index.ts";
import { checkStageName, type StartedGateway } from "./components/gateway/index.ts";
import { openGatewayThread, startGatewayThread } from "./components/gateway/thread.ts";
import { kinesisProxyResources } from "./components/gateway/kinesis-proxy-resources.ts";
import { proxyResource } from "./components/gateway/setup.ts";
import { startKinesis, type StartedKinesis } from "./components/kinesis/index.ts";
import { loadConnectorFile, instantiate } from "./components/sink/connector-file.ts";
import { pinterestConnectorConfig, type StartedSink } from "./components/sink/index.ts";
import { isUserId, pinterestStreams, pinterestTopics, type StackInfo } from "./stack-info.ts";
import type { ComponentPlacement } from "./components/types.ts";
import { nativeStarters } from "./starters/native.ts";
import type { ComponentStarters, StarterContext } from "./starters/types.ts";
import { AckCounter } from "./check/ack-counter.ts";
import { gatewayLogFiles } from "./components/gateway/log-files.ts";
import { createNetFaults, followedBy, type BrokerRoutes, type LinkName } from "./faults/net/index.ts";
import type { ConnectRoute } from "./components/gateway/connect-via.ts";
import type { EmulatorLinks } from "./emulator/aws/stand-ins.ts";
import { createStackFaults, type StackFaults } from "./faults/stack-faults.ts";

export interface StackOptions {
  runtime?: RuntimeChoice;
  /** The prefix of topics and bucket, 12 hex digits on the course's AWS accounts; random by default. */
  userId?: string;
  /**
   * The API Gateway stage deployed, as in the invoke URL `…/<stage>`; default the stage `apiFile` names, else
   * `prod`, as in the course.
   */
  stage?: string;
  /** Kafka nodes: 1, or 3 for replication specs. */
  brokers?: number;
  /** Partitions of each of the three topics; default 1. */
  partitions?: number;
  /** Shards of each of the three Kinesis streams; default 1. */
  kinesisShards?: number;
  autoCreateTopics?: boolean;
  /** The REST proxy's port: 8082 as on the course's EC2 client, 0 for a free one. */
  restProxyPort?: number;
  /** Extra `kafka-rest.properties` entries, e.g. a shorter `producer.max.block.ms`. */
  restProxyProperties?: Record<string, string>;
  /**
   * A connector file of the user's (`.properties`, Connect JSON or MSK's CreateConnector JSON); default the
   * course's MSK configuration in fixtures/connectors/. `${userId}` and `${bucket}` in it are filled in.
   */
  connectorFile?: string;
  /**
   * A REST API export of the user's (OpenAPI 3 or Swagger 2 with API Gateway's extensions, JSON or YAML) whose
   * resources the gateway serves instead of the course's; its HTTP backends become the stack's REST proxy. The
   * stage it names is served when `stage` is not given.
   */
  apiFile?: string;
  /** Settings that replace the connector's, e.g. `{ "flush.size": "1000" }`. */
  connectorSettings?: Record<string, string>;
  /** The Pinterest dataset loaded into MySQL: seed and row count (default: seed 100, full size); false for none. */
  fixtures?: { seed?: number; rows?: number } | false;
  stateDir?: string;
  cacheDir?: string;
  progress?: ProgressSink;
}

export interface StartedStack extends AsyncDisposable {
  info: StackInfo;
  runtime: Runtime;
  /** This stack's own files: data directories, configs. Removed on stop unless PINPIPE_KEEP is set. */
  stackDir: string;
  logDir: string;
  cacheDir: string;
  /** The gateway's journal of every exchange (JSONL): what clients sent and were told. */
  journalFile: string;
  /** The gateway's access log, in the format of API Gateway's access logging. */
  accessLogFile: string;
  /**
   * A counter of the records the gateway acknowledged on this stack's topics, counting from the journal's start
   * (`skipExisting()` first to count only what comes after).
   */
  acks(): AckCounter;
  mysql: StartedMysql;
  kafka: StartedKafka;
  s3: StartedS3;
  restProxy: StartedRestProxy;
  gateway: StartedGateway;
  sink: StartedSink;
  /** The Kinesis Data Streams stand-in with the streaming half's three streams. */
  kinesis: StartedKinesis;
  /** The connector the stack created: its name and configuration. */
  connector: { name: string; config: Record<string, string> };
  /** Faults on the running stack: components killed, stopped and started again, the gateway's, the network's. */
  faults: StackFaults;
  /**
   * An emulator run's links (`emulator->mysql`, `emulator->gateway`), faultable while it runs: the run adds them
   * in front of its RDS and execute-api stand-ins and removes them when it ends.
   */
  emulatorLinks: EmulatorLinks;
  stop(): Promise<void>;
}

// Loaded only when used: Testcontainers costs a noticeable part of a second to import.
async function loadDockerStarters(context: StarterContext): Promise<ComponentStarters> {
  return (await import("./starters/docker.ts")).dockerStarters(context);
}

/** The reader of API exports, with the YAML parser, is loaded only by a stack given `apiFile`. */
async function loadApi(file: string) {
  const openapi = await import("./components/gateway/openapi/index.ts");
  return { ...(await openapi.loadApiFile(file)), pointAtStack: openapi.pointAtStack };
}

/** Creates the stack's connector on a started worker; a failure stops the worker like a failed start. */
async function withConnector(
  start: Promise<StartedSink>,
  connector: { name: string; config: Record<string, string> },
): Promise<StartedSink> {
  const sink = await start;
  try {
    await sink.createConnector(connector.name, connector.config);
  } catch (error) {
    await sink.stop();
    throw error;
  }
  return sink;
}

function randomUserId(): string {
  return randomBytes(6).toString("hex");
}

/** Awaits every start; if any fails, stops the ones that did start and rethrows the first failure. */
async function startAll<T extends readonly unknown[]>(starts: {
  [K in keyof T]: Promise<T[K] & AsyncDisposable>;
}): Promise<T> {
  const results = await Promise.allSettled(starts);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
  await Promise.allSettled(
    results.map((r) => (r.status === "fulfilled" ? (r.value as AsyncDisposable)[Symbol.asyncDispose]() : undefined)),
  );
  throw failed.reason;
}

/** Starts the chain's components, in parallel where they don't depend on each other. */
export async function startStack(options: StackOptions = {}): Promise<StartedStack> {
  const settings = config();
  const say = options.progress ?? defaultProgress;
  const userId = options.userId ?? randomUserId();
  if (!isUserId(userId)) {
    throw new PinpipeError(ErrorCode.InvalidOption, `user id "${userId}" must be letters, digits, - or _`);
  }
  if (options.stage !== undefined) checkStageName(options.stage);
  // Read before anything starts: a refused file costs no stack.
  const api = options.apiFile === undefined ? undefined : await loadApi(options.apiFile);
  const stage = options.stage ?? api?.stage ?? "prod";
  const runtime = await detectRuntime(options.runtime ?? settings.runtime, settings.dockerHost);
  if (runtime === "docker" && (options.brokers ?? 1) > 1) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      "--brokers above 1 needs the native runtime: the container runtime runs one Kafka node.",
    );
  }
  const stateDir = options.stateDir ?? settings.stateDir;
  const stackId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const placement: ComponentPlacement = {
    stackDir: join(stateDir, "stacks", stackId),
    logDir: join(stateDir, "logs"),
    cacheDir: options.cacheDir ?? settings.cacheDir,
  };
  await mkdir(placement.stackDir, { recursive: true });
  await mkdir(placement.logDir, { recursive: true });
  // Ctrl-C ends the process without a stop(): the components die with it, and their folder goes too.
  const releaseFolder = settings.keep ? () => undefined : onProcessEnd(() => killAndRemoveNow(placement.stackDir));
  // The gateway appends; a stack starts both files afresh, as every component's log, so that its checks
  // read its own exchanges only.
  const gatewayLogs = gatewayLogFiles(placement.logDir);
  await Promise.all(Object.values(gatewayLogs).map((file) => writeFile(file, "")));
  const topics = pinterestTopics(userId);
  const restProxyPort = options.restProxyPort ?? 8082;
  // Found out before anything starts, rather than after Kafka has taken its seconds.
  if (restProxyPort !== 0) await assertPortFree(restProxyPort, "127.0.0.1", "rest-proxy");
  const started = Date.now();
  say(`starting a ${runtime} stack for user ${userId} (logs in ${placement.logDir})`);

  const timed = <T>(name: string, start: Promise<T>): Promise<T> =>
    start.then((value) => {
      say(`${name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return value;
    });
  const fixtures = options.fixtures ?? {};
  // The dataset is loaded while Kafka is still starting; a failed load stops this MySQL like a failed start.
  const seeded = async (start: Promise<StartedMysql>): Promise<StartedMysql> => {
    const mysql = await start;
    if (fixtures === false) return mysql;
    try {
      const { rows, ms } = await seedPinterestData(mysql, { ...fixtures, cacheDir: placement.cacheDir });
      say(`mysql seeded with ${rows} rows per table in ${(ms / 1000).toFixed(1)} s`);
    } catch (error) {
      await mysql.stop();
      throw error;
    }
    return mysql;
  };
  const bucket = defaultBucket(userId);
  const chosen = options.connectorFile
    ? instantiate(await loadConnectorFile(options.connectorFile), { userId, bucket })
    : pinterestConnectorConfig(userId, bucket);
  const connector = { ...chosen, config: { ...chosen.config, ...options.connectorSettings } };
  const context: StarterContext = {
    placement,
    kafka: {
      brokers: options.brokers,
      partitions: options.partitions,
      autoCreateTopics: options.autoCreateTopics,
      topics,
    },
    bucket,
    restProxyPort,
    restProxyProperties: options.restProxyProperties,
  };
  const starters = runtime === "native" ? nativeStarters(context) : await loadDockerStarters(context);
  // The gateway's thread loads its modules while the components behind it start.
  const gatewayThread = openGatewayThread();
  // The native runtime's component-to-component connections run through fault proxies (plain forwarding until a
  // fault is set): `net rest-proxy->kafka latency=200ms`. The container runtime's run inside its own network.
  const net = createNetFaults();
  const brokerLinks = async (k: StartedKafka, name: LinkName): Promise<BrokerRoutes | undefined> => {
    if (runtime !== "native") return undefined;
    const link = await net.add(
      name,
      k.brokers.map((b) => ({ host: b.host, port: b.port })),
    );
    return link.proxies.map((proxy) => ({ from: proxy.target, to: { host: proxy.host, port: proxy.port } }));
  };
  const s3Link = async (store: StartedS3): Promise<string | undefined> => {
    if (runtime !== "native") return undefined;
    const endpoint = new URL(store.endpoint);
    const link = await net.add("sink->s3", { host: endpoint.hostname, port: Number(endpoint.port) });
    const proxy = link.proxies[0] as { host: string; port: number };
    return `${endpoint.protocol}//${proxy.host}:${proxy.port}`;
  };
  // The gateway's integration connects through a proxy that refuses while the REST proxy is down, so a stopped REST
  // proxy still reads "Connection refused" in the journal; the integration URL stays the REST proxy's own.
  const restProxyLink = async (proxy: StartedRestProxy): Promise<ConnectRoute[] | undefined> => {
    if (runtime !== "native") return undefined;
    const target = { host: proxy.host, port: proxy.port };
    const link = await net.add("gateway->rest-proxy", target, { followTarget: true });
    return link.proxies.map((p) => ({ from: target, to: { host: p.host, port: p.port } }));
  };
  let mysql: StartedMysql;
  let kafka: StartedKafka;
  let s3: StartedS3;
  let restProxy: StartedRestProxy;
  let gateway: StartedGateway;
  let sink: StartedSink;
  let kinesis: StartedKinesis;
  const streams = pinterestStreams(userId);
  try {
    const kafkaStart = timed("kafka", starters.kafka());
    const s3Start = timed("s3", starters.s3());
    const restProxyStart = kafkaStart.then(async (k) =>
      timed("rest-proxy", starters.restProxy(k, { kafka: await brokerLinks(k, "rest-proxy->kafka") })),
    );
    // The streaming half: Kinesis in this process, in both runtimes, with the course's three streams.
    const kinesisStart = timed(
      "kinesis",
      startKinesis({
        stackDir: placement.stackDir,
        streams: streams.map((name) => ({ name, shardCount: options.kinesisShards ?? 1 })),
      }),
    );
    [mysql, kafka, s3, restProxy, gateway, sink, kinesis] = await startAll<
      [StartedMysql, StartedKafka, StartedS3, StartedRestProxy, StartedGateway, StartedSink, StartedKinesis]
    >([
      timed("mysql", seeded(starters.mysql())),
      kafkaStart,
      s3Start,
      restProxyStart,
      // API Gateway's {proxy+} resource, ANY method, HTTP proxy integration to the REST proxy, on a
      // thread of its own so that it never waits for the REST proxy's or the sink's event loop.
      // Beside it, the `/streams` resources of AWS's Kinesis proxy tutorial, as the course's streaming half adds them.
      // An `apiFile` replaces both with the user's own resources.
      Promise.all([restProxyStart, kinesisStart]).then(async ([proxy, streamsService]) =>
        timed(
          "gateway",
          startGatewayThread(
            {
              target: proxy.url,
              connectVia: await restProxyLink(proxy),
              resources: api
                ? api.pointAtStack(api.resources, { restProxy: proxy.url })
                : [proxyResource(proxy.url), ...kinesisProxyResources({ region: streamsService.region })],
              awsEndpoints: { kinesis: streamsService.endpoint },
              stage,
              ...gatewayLogs,
            },
            gatewayThread,
          ),
        ),
      ),
      // The Connect worker with the S3 sink, and the connector MSK Connect would run, reading from the start.
      Promise.all([kafkaStart, s3Start]).then(([k, store]) =>
        Promise.all([brokerLinks(k, "sink->kafka"), s3Link(store)]).then(([kafkaRoutes, s3Endpoint]) =>
          timed("sink", withConnector(starters.sink(k, store, { kafka: kafkaRoutes, s3Endpoint }), connector)),
        ),
      ),
      kinesisStart,
    ]);
  } catch (error) {
    await gatewayThread.close();
    await net.stopAll().catch(() => undefined);
    await starters.close().catch(() => undefined);
    releaseFolder();
    if (!settings.keep) await rm(placement.stackDir, { recursive: true, force: true });
    throw error;
  }

  const info: StackInfo = {
    runtime,
    userId,
    topics,
    invokeUrl: gateway.invokeUrl,
    restProxyUrl: restProxy.url,
    kafka: { bootstrapServers: kafka.bootstrapServers },
    mysql: { host: mysql.host, port: mysql.port, user: mysql.user, password: mysql.password, database: mysql.database },
    s3: {
      endpoint: s3.endpoint,
      region: s3.region,
      bucket: s3.bucket,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    },
    connectUrl: sink.url,
    connector: connector.name,
    kinesis: { endpoint: kinesis.endpoint, region: kinesis.region, streams },
  };
  const faults = createStackFaults({
    components: {
      "rest-proxy": followedBy(restProxy, runtime === "native" ? net.get("gateway->rest-proxy") : undefined),
      sink,
      s3,
      mysql,
    },
    kafka,
    gateway,
    net,
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Front to back: no client reaches a component that is already gone, and the sink ends its uploads first.
      await Promise.allSettled([mysql.stop(), gateway.stop().then(() => restProxy.stop()), sink.stop()]);
      await Promise.allSettled([kafka.stop(), s3.stop(), kinesis.stop(), net.stopAll()]);
      await starters.close().catch(() => undefined);
      releaseFolder();
      if (!settings.keep) await rm(placement.stackDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  say(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    info,
    runtime,
    stackDir: placement.stackDir,
    logDir: placement.logDir,
    cacheDir: placement.cacheDir,
    ...gatewayLogs,
    acks: () => new AckCounter(gatewayLogs.journalFile, topics, gateway.flushLogs),
    mysql,
    kafka,
    s3,
    restProxy,
    gateway,
    sink,
    kinesis,
    connector,
    faults,
    emulatorLinks: {
      add: async (name, targets) => {
        // Two runs at once on one stack: the first one's link stays its own.
        if (net.list().some((link) => link.name === name)) return undefined;
        return (await net.add(name, targets)).proxies.map((p) => ({ host: p.host, port: p.port }));
      },
      remove: (name) => net.remove(name),
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
