import { Kafka, logLevel } from "kafkajs";
import { leadersKnown } from "../../runtime/kafka-admin.ts";
import { pollUntil } from "../../runtime/wait.ts";

export interface TopicRequest {
  bootstrapServers: string;
  topics: readonly string[];
  partitions: number;
  replicationFactor: number;
  timeoutMs?: number;
}

/** Asks one broker only (a client seeded with it alone), so its own metadata is what answers. */
async function leadersKnownBy(broker: string, request: TopicRequest): Promise<true | undefined> {
  const admin = new Kafka({ clientId: "pinpipe-admin", brokers: [broker], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await leadersKnown(admin, new Map(request.topics.map((topic) => [topic, request.partitions])));
  } finally {
    await admin.disconnect();
  }
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
    // Every broker must know the topics before the stack is ready: a client may ask any of them first, and
    // in a cluster one that has not caught up yet answers "does not host this topic-partition".
    for (const broker of request.bootstrapServers.split(",")) {
      await pollUntil(() => leadersKnownBy(broker, request), {
        name: `kafka: ${broker} to know the leaders of ${request.topics.join(", ")}`,
        timeoutMs: request.timeoutMs ?? 30_000,
      });
    }
  } finally {
    await admin.disconnect();
  }
}
