import { Kafka, logLevel } from "kafkajs";
import { pollUntil } from "../../runtime/wait.ts";

export interface TopicRequest {
  bootstrapServers: string;
  topics: readonly string[];
  partitions: number;
  replicationFactor: number;
  timeoutMs?: number;
}

/** Creates the topics and returns once every partition has a leader; topics that exist already are left alone. */
export async function createTopics(request: TopicRequest): Promise<void> {
  const kafka = new Kafka({
    clientId: "pinpipe-admin",
    brokers: request.bootstrapServers.split(","),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      // kafkajs' own wait asks one broker, which in a cluster may not have the new metadata yet and then fails.
      waitForLeaders: false,
      topics: request.topics.map((topic) => ({
        topic,
        numPartitions: request.partitions,
        replicationFactor: request.replicationFactor,
      })),
    });
    await pollUntil(
      async () => {
        const { topics } = await admin.fetchTopicMetadata({ topics: [...request.topics] });
        const led = topics.every(
          (t) => t.partitions.length === request.partitions && t.partitions.every((p) => p.leader >= 0),
        );
        return led ? true : undefined;
      },
      { name: `kafka: leaders for ${request.topics.join(", ")}`, timeoutMs: request.timeoutMs ?? 30_000 },
    );
  } finally {
    await admin.disconnect();
  }
}
