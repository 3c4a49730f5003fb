import { join } from "node:path";
import type { StartedNetwork } from "testcontainers";
import { startContainerKafkaOnNetwork, type StartedContainerKafka } from "../components/kafka/container-network.ts";
import { startContainerNetwork } from "../runtime/container-network.ts";
import { startContainerMysql } from "../components/mysql/container.ts";
import { startContainerRestProxy } from "../components/rest-proxy/container.ts";
import { startContainerS3, type StartedContainerS3 } from "../components/s3/container.ts";
import { startContainerSink } from "../components/sink/container.ts";
import type { ComponentStarters, StarterContext } from "./types.ts";

/**
 * Containers (Testcontainers) on one Docker network: MySQL 8, Confluent's Kafka, REST proxy and Connect with
 * the S3 sink plugin, and S3Proxy. Containers reach each other by network alias, the host by mapped ports.
 */
export function dockerStarters(context: StarterContext): ComponentStarters {
  const { logDir } = context.placement;
  let network: Promise<StartedNetwork> | undefined;
  const shared = (): Promise<StartedNetwork> => (network ??= startContainerNetwork());
  return {
    mysql: () => startContainerMysql(),
    kafka: async () => startContainerKafkaOnNetwork(await shared(), context.kafka),
    s3: async () =>
      startContainerS3({ network: await shared(), bucket: context.bucket, logFile: join(logDir, "s3.log") }),
    restProxy: async (kafka) =>
      startContainerRestProxy({
        network: await shared(),
        // Started by kafka() above, so it carries the address containers on the network use.
        bootstrapServers: (kafka as StartedContainerKafka).networkBootstrapServers,
        port: context.restProxyPort,
        properties: context.restProxyProperties,
        logFile: join(logDir, "rest-proxy.log"),
      }),
    sink: async (kafka, s3) =>
      startContainerSink({
        network: await shared(),
        bootstrapServers: (kafka as StartedContainerKafka).networkBootstrapServers,
        s3: s3 as StartedContainerS3,
        logFile: join(logDir, "sink.log"),
      }),
    close: async () => {
      if (network) await (await network).stop();
    },
  };
}
