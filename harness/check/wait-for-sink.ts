import { Kafka, logLevel } from "kafkajs";
import { pollUntil } from "../runtime/wait.ts";
import type { StackInfo } from "../stack-info.ts";

/**
 * Waits until the connector's committed offsets reach what the sink must have written by now: every record
 * of each partition, less the tail of fewer than flush.size records that it keeps buffered.
 */
export async function waitForSink(info: StackInfo, flushSize: number, timeoutMs: number): Promise<void> {
  const kafka = new Kafka({ brokers: info.kafka.bootstrapServers.split(","), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const targets = new Map<string, number>();
    for (const topic of info.topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const high = Number(p.high);
        targets.set(`${topic}/${p.partition}`, high - (high % flushSize));
      }
    }
    await pollUntil(
      async () => {
        const groups = await admin.fetchOffsets({ groupId: `connect-${info.connector}`, topics: info.topics });
        const committed = new Map<string, number>();
        for (const t of groups) {
          for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, Number(p.offset));
        }
        const behind = [...targets].filter(([id, target]) => target > 0 && (committed.get(id) ?? -1) < target);
        return behind.length === 0 ? true : undefined;
      },
      { name: "the sink to write every record Kafka holds", timeoutMs, intervalMs: 200 },
    );
  } finally {
    await admin.disconnect();
  }
}
