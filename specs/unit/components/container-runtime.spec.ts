import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { networkBootstrapServers } from "../../../harness/components/kafka/container-network.ts";
import { confluentEnvironment, NETWORK_ALIASES } from "../../../harness/runtime/container-network.ts";
import { READY_LINE } from "../../../harness/components/rest-proxy/index.ts";
import { restProxyContainerSettings } from "../../../harness/components/rest-proxy/container.ts";
import { s3ContainerSettings } from "../../../harness/components/s3/container.ts";
import { S3PROXY_JAR } from "../../../harness/components/s3/native.ts";
import {
  CONNECT_PLUGIN_PATH,
  containerConnectorConfig,
  sinkContainerSettings,
} from "../../../harness/components/sink/container.ts";
import { pinterestConnectorConfig } from "../../../harness/components/sink/index.ts";
import { pinnedImages } from "../../../harness/runtime/images.ts";
import { ErrorCode } from "../../../harness/errors.ts";

const STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
const s3 = { networkEndpoint: "http://s3:80", accessKeyId: "AKIAEXAMPLE", secretAccessKey: "secret" };
/** The host port a starter would have picked up front. */
const port = 18000;

describe("container runtime: pinned images", () => {
  it("pins numeric tags: REST Proxy and Connect from one Confluent 7.2 release, S3Proxy as on the native path", () => {
    const images = pinnedImages();
    const rest = images.restProxy.match(/^confluentinc\/cp-kafka-rest:(7\.2\.\d+)$/);
    const connect = images.connect.match(/^confluentinc\/cp-kafka-connect:(7\.2\.\d+)$/);
    expect(rest).not.toBeNull();
    expect(connect).not.toBeNull();
    expect(rest?.[1]).toBe(connect?.[1]);
    const s3proxy = images.s3.match(/^andrewgaul\/s3proxy:(\d+\.\d+\.\d+)$/);
    expect(s3proxy).not.toBeNull();
    expect(S3PROXY_JAR).toBe(`s3proxy-${s3proxy?.[1]}-jar-with-dependencies.jar`);
  });
});

describe("container runtime: network", () => {
  it("reaches Kafka over the module's BROKER listener by its alias", () => {
    expect(networkBootstrapServers()).toBe(`${NETWORK_ALIASES.kafka}:9092`);
  });

  it("writes properties as the variables Confluent's images turn back into them", () => {
    expect(confluentEnvironment("KAFKA_REST", { "bootstrap.servers": "b", "a_b-c.d": "v" })).toEqual({
      KAFKA_REST_BOOTSTRAP_SERVERS: "b",
      KAFKA_REST_A__B___C_D: "v",
    });
  });
});

describe("container runtime: REST proxy", () => {
  const bootstrapServers = networkBootstrapServers();

  it("listens on 8082 in the container, reaches Kafka over the network and waits for the ready line", () => {
    const settings = restProxyContainerSettings({ bootstrapServers, port });
    expect(settings.image).toBe(pinnedImages().restProxy);
    expect(settings.alias).toBe(NETWORK_ALIASES.restProxy);
    expect(settings.environment).toEqual({
      KAFKA_REST_BOOTSTRAP_SERVERS: "kafka:9092",
      KAFKA_REST_LISTENERS: "http://0.0.0.0:8082",
      KAFKA_REST_HOST_NAME: "rest-proxy",
    });
    expect(settings.readyLogLine).toBe("Server started, listening for requests...");
    expect(settings.readyLogLine).toBe(READY_LINE);
  });

  it("binds 8082 to the host port chosen up front, which a start in place keeps", () => {
    expect(restProxyContainerSettings({ bootstrapServers, port: 8082 }).exposedPort).toEqual({
      container: 8082,
      host: 8082,
    });
    expect(restProxyContainerSettings({ bootstrapServers, port: 18082 }).exposedPort).toEqual({
      container: 8082,
      host: 18082,
    });
    // 0 would let Docker pick a new port at every start.
    expect(() => restProxyContainerSettings({ bootstrapServers, port: 0 })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidOption }),
    );
  });

  it("passes extra properties, but not ones that would move its listener or its broker", () => {
    const { environment } = restProxyContainerSettings({
      bootstrapServers,
      port,
      properties: { "producer.linger.ms": "5", listeners: "http://0.0.0.0:9999", "bootstrap.servers": "elsewhere:1" },
    });
    expect(environment).toMatchObject({
      KAFKA_REST_PRODUCER_LINGER_MS: "5",
      KAFKA_REST_LISTENERS: "http://0.0.0.0:8082",
      KAFKA_REST_BOOTSTRAP_SERVERS: "kafka:9092",
    });
  });
});

describe("container runtime: S3 store", () => {
  it("runs S3Proxy with SigV4, generated AWS-shaped keys and the filesystem backend", () => {
    const a = s3ContainerSettings({ port });
    const b = s3ContainerSettings({ port });
    expect(a.image).toBe(pinnedImages().s3);
    expect(a.accessKeyId).toMatch(/^AKIA[0-9A-F]{16}$/);
    expect(a.secretAccessKey).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(a.secretAccessKey).not.toBe(b.secretAccessKey);
    expect(a.environment).toEqual({
      S3PROXY_ENDPOINT: "http://0.0.0.0:80",
      S3PROXY_AUTHORIZATION: "aws-v4",
      S3PROXY_IDENTITY: a.accessKeyId,
      S3PROXY_CREDENTIAL: a.secretAccessKey,
      JCLOUDS_PROVIDER: "filesystem-nio2",
      JCLOUDS_FILESYSTEM_BASEDIR: "/data",
    });
    expect(a.region).toBe("us-east-1");
  });

  it("is reached by the other containers at its alias, and is ready when /healthz answers", () => {
    const settings = s3ContainerSettings({
      accessKeyId: "AKIAGIVEN",
      secretAccessKey: "given",
      region: "eu-west-1",
      port,
    });
    expect(settings.networkEndpoint).toBe(`http://${NETWORK_ALIASES.s3}:80`);
    expect(settings.readyPath).toBe("/healthz");
    expect(settings.environment).toMatchObject({ S3PROXY_IDENTITY: "AKIAGIVEN", S3PROXY_CREDENTIAL: "given" });
    expect(settings.region).toBe("eu-west-1");
  });

  it("binds port 80 to the host port chosen up front", () => {
    expect(s3ContainerSettings({ port }).exposedPort).toEqual({ container: 80, host: port });
  });
});

describe("container runtime: Connect worker with the S3 sink", () => {
  const bootstrapServers = networkBootstrapServers();

  it("configures the worker as MSK Connect's: StringConverter defaults, one replica of its topics", () => {
    const settings = sinkContainerSettings({ bootstrapServers, s3, port });
    expect(settings.environment).toMatchObject({
      CONNECT_BOOTSTRAP_SERVERS: "kafka:9092",
      CONNECT_KEY_CONVERTER: STRING_CONVERTER,
      CONNECT_VALUE_CONVERTER: STRING_CONVERTER,
      CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: "1",
      CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR: "1",
      CONNECT_STATUS_STORAGE_REPLICATION_FACTOR: "1",
      CONNECT_REST_PORT: "8083",
      CONNECT_REST_ADVERTISED_HOST_NAME: NETWORK_ALIASES.connect,
      CONNECT_PLUGIN_PATH: CONNECT_PLUGIN_PATH,
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    expect(settings.environment.CONNECT_GROUP_ID).toBeTruthy();
    expect(settings.environment).not.toHaveProperty("CONNECT_OFFSET_FLUSH_INTERVAL_MS");
    expect(settings.readyPath).toBe("/connectors");
    expect(settings.storeUrl).toBe(s3.networkEndpoint);
    expect(settings.exposedPort).toEqual({ container: 8083, host: port });
  });

  it("keeps its own three topics apart from each other and out of reach of the connector's topics.regex", () => {
    const { environment } = sinkContainerSettings({ bootstrapServers, s3, port });
    const topics = ["CONNECT_CONFIG_STORAGE_TOPIC", "CONNECT_OFFSET_STORAGE_TOPIC", "CONNECT_STATUS_STORAGE_TOPIC"].map(
      (name) => environment[name],
    );
    expect(new Set(topics).size).toBe(3);
    for (const topic of topics) expect(topic).not.toMatch(/^[0-9a-f]{12}/);
  });

  it("takes other converters and a flush interval when asked", () => {
    const { environment } = sinkContainerSettings({
      bootstrapServers,
      s3,
      port,
      converters: { "value.converter": "org.apache.kafka.connect.json.JsonConverter" },
      offsetFlushIntervalMs: 1000,
    });
    expect(environment).toMatchObject({
      CONNECT_KEY_CONVERTER: STRING_CONVERTER,
      CONNECT_VALUE_CONVERTER: "org.apache.kafka.connect.json.JsonConverter",
      CONNECT_OFFSET_FLUSH_INTERVAL_MS: "1000",
    });
  });

  it("builds docker/connect on the pinned base image", () => {
    const settings = sinkContainerSettings({ bootstrapServers, s3, port });
    expect(settings.buildArgs).toEqual({ CONNECT_BASE_IMAGE: pinnedImages().connect });
    expect(existsSync(join(settings.buildContext, "Dockerfile"))).toBe(true);
    expect(sinkContainerSettings({ bootstrapServers, s3, port, baseImage: "x/y:1.2.3" }).buildArgs).toEqual({
      CONNECT_BASE_IMAGE: "x/y:1.2.3",
    });
  });

  it("points the course's connector at the store's network URL, path-style, and keeps the rest", () => {
    const { config } = pinterestConnectorConfig("0a1b2c3d4e5f", "user-0a1b2c3d4e5f-bucket");
    const before = { ...config };
    const rewritten = containerConnectorConfig(config, "http://s3:80");
    expect(rewritten).toEqual({ ...before, "store.url": "http://s3:80", "s3.path.style.access.enabled": "true" });
    expect(config).toEqual(before);
    expect(
      containerConnectorConfig({ "store.url": "http://127.0.0.1:9", "s3.path.style.access.enabled": "false" }, "u"),
    ).toEqual({ "store.url": "u", "s3.path.style.access.enabled": "true" });
  });
});

describe("container runtime: docker/connect/Dockerfile", () => {
  const dockerfile = readFileSync(
    join(sinkContainerSettings({ bootstrapServers: "", s3, port }).buildContext, "Dockerfile"),
    {
      encoding: "utf8",
    },
  );
  const instructions = dockerfile.split("\n").filter((line) => line.trim() && !line.startsWith("#"));

  it("defaults its base image to the one pinned in docker/images.json, and builds FROM that argument", () => {
    const arg = dockerfile.match(/^ARG CONNECT_BASE_IMAGE=(\S+)$/m);
    expect(arg?.[1]).toBe(pinnedImages().connect);
    expect(instructions.filter((line) => /^FROM\b/i.test(line))).toEqual(["FROM ${CONNECT_BASE_IMAGE}"]);
  });

  it("installs a pinned S3 sink plugin, without prompts, where the worker's plugin path looks", () => {
    const install = dockerfile.replace(/\\\n\s*/g, "").match(/^RUN confluent-hub install (.+)$/m)?.[1] ?? "";
    expect(install).toContain("--no-prompt");
    expect(install).toMatch(/(^|\s)confluentinc\/kafka-connect-s3:10\.5\.13(\s|$)/);
    const componentDir = install.match(/--component-dir (\S+)/)?.[1];
    expect(CONNECT_PLUGIN_PATH.split(",")).toContain(componentDir);
  });
});
