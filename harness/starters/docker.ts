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
 * the S3 sink plugin, and S3Proxy. Containers reach each other by network alias, the host by fixed host ports.
 *
 * A component's `stop()` keeps its container, so that `start()` can start it again in place; `close()`, after the
 * stack has stopped every component, disposes of each handle, which removes its container, then of the network.
 */
export function dockerStarters(context: StarterContext): ComponentStarters {
  const { logDir } = context.placement;
  let network: Promise<StartedNetwork> | undefined;
  const shared = (): Promise<StartedNetwork> => (network ??= startContainerNetwork());
  const started: AsyncDisposable[] = [];
  const kept = async <T extends AsyncDisposable>(start: Promise<T>): Promise<T> => {
    const handle = await start;
    started.push(handle);
    return handle;
  };
  return {
    mysql: () => kept(startContainerMysql()),
    kafka: async () => kept(startContainerKafkaOnNetwork(await shared(), context.kafka)),
    s3: async () =>
      kept(startContainerS3({ network: await shared(), bucket: context.bucket, logFile: join(logDir, "s3.log") })),
    restProxy: async (kafka) =>
      kept(
        startContainerRestProxy({
          network: await shared(),
          // Started by kafka() above, so it carries the address containers on the network use.
          bootstrapServers: (kafka as StartedContainerKafka).networkBootstrapServers,
          port: context.restProxyPort,
          properties: context.restProxyProperties,
          logFile: join(logDir, "rest-proxy.log"),
        }),
      ),
    sink: async (kafka, s3) =>
      kept(
        startContainerSink({
          network: await shared(),
          bootstrapServers: (kafka as StartedContainerKafka).networkBootstrapServers,
          s3: s3 as StartedContainerS3,
          logFile: join(logDir, "sink.log"),
        }),
      ),
    close: async () => {
      // Each dispose stops what still runs (gracefully) and removes the container; the network goes once they have.
      await Promise.allSettled(started.splice(0).map((handle) => handle[Symbol.asyncDispose]()));
      const made = network;
      network = undefined;
      if (made) await (await made).stop();
    },
  };
}
