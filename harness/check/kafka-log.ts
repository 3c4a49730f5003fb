import { Kafka, logLevel } from "kafkajs";
import { randomBytes } from "node:crypto";

export interface LogRecord {
  partition: number;
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
}

/** Every record of a topic, from the earliest kept offset to the end as it is now, partition by partition. */
export async function readTopicLog(
  bootstrapServers: string,
  topic: string,
  timeoutMs = 60_000,
): Promise<Map<number, LogRecord[]>> {
  const kafka = new Kafka({
    brokers: bootstrapServers.split(","),
    logLevel: logLevel.NOTHING,
    clientId: "pinpipe-check",
  });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const byPartition = new Map<number, LogRecord[]>(offsets.map((p) => [p.partition, []]));
  const ends = new Map(offsets.map((p) => [p.partition, Number(p.high)]));
  const done = (): boolean =>
    offsets.every((p) => {
      const records = byPartition.get(p.partition) ?? [];
      const last = records.at(-1)?.offset ?? Number(p.low) - 1;
      return Number(p.high) === Number(p.low) || last >= Number(p.high) - 1;
    });
  if (done()) return byPartition;

  // A throwaway group that commits nothing: reading must not move any offset a user or the sink relies on.
  const consumer = kafka.consumer({ groupId: `pinpipe-check-${randomBytes(6).toString("hex")}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic} from Kafka took over ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const offset = Number(message.offset);
            if (offset < (ends.get(partition) ?? 0)) {
              byPartition.get(partition)?.push({
                partition,
                offset,
                key: message.key,
                value: message.value,
                timestamp: Number(message.timestamp),
              });
            }
            if (done()) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return byPartition;
}
