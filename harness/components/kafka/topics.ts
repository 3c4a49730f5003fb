import { Kafka, logLevel } from "kafkajs";

export interface TopicRequest {
  bootstrapServers: string;
  topics: readonly string[];
  partitions: number;
  replicationFactor: number;
}

/** Creates the topics (leaders elected before it returns); topics that exist already are left alone. */
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
      waitForLeaders: true,
      topics: request.topics.map((topic) => ({
        topic,
        numPartitions: request.partitions,
        replicationFactor: request.replicationFactor,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
