import { Kafka, logLevel } from "kafkajs";
import { pollUntil } from "../runtime/wait.ts";
import type { StackInfo } from "../stack-info.ts";
import { connectorStatus, failedTasks } from "./connector-status.ts";

/** Whether the connector's `topics` list or `topics.regex` (a whole-name match, as Java's) takes the topic. */
export function consumes(connector: Record<string, string>, topic: string): boolean {
  const listed = connector.topics?.trim();
  if (listed) return listed.split(",").some((name) => name.trim() === topic);
  const pattern = connector["topics.regex"];
  if (!pattern) return false;
  try {
    return new RegExp(`^(?:${pattern})$`).test(topic);
  } catch {
    return false;
  }
}

/**
 * Waits until the connector's committed offsets reach what the sink must have written by now: every record
 * of each partition, less the tail of fewer than flush.size records that it keeps buffered, or until a task of
 * the connector has FAILED.
 */
export async function waitForSink(
  info: StackInfo,
  connector: Record<string, string>,
  timeoutMs: number,
): Promise<void> {
  const flushSize = Number(connector["flush.size"] ?? "1");
  const kafka = new Kafka({ brokers: info.kafka.bootstrapServers.split(","), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // Only the topics the connector consumes: one whose topics or topics.regex match none of the user's topics
  // writes nothing of them, however long one waits.
  const consumed = info.topics.filter((t) => consumes(connector, t));
  try {
    await pollUntil(
      async () => {
        // Read again on every poll: a produce the REST proxy still had in flight when the wait began (its client
        // gone, or the gateway's timeout passed) lands in Kafka later, and the sink writes it all the same.
        const targets = new Map<string, number>();
        for (const topic of consumed) {
          for (const p of await admin.fetchTopicOffsets(topic)) {
            const high = Number(p.high);
            targets.set(`${topic}/${p.partition}`, high - (high % flushSize));
          }
        }
        const groups = await admin.fetchOffsets({ groupId: `connect-${info.connector}`, topics: info.topics });
        const committed = new Map<string, number>();
        for (const t of groups) {
          for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, Number(p.offset));
        }
        const behind = [...targets].filter(([id, target]) => target > 0 && (committed.get(id) ?? -1) < target);
        if (behind.length === 0) return true;
        // A FAILED task writes nothing more until restarted: waiting longer shows nothing new.
        return failedTasks(await connectorStatus(info)).length > 0 ? true : undefined;
      },
      { name: "the sink to write every record Kafka holds", timeoutMs, intervalMs: 200 },
    );
  } finally {
    await admin.disconnect();
  }
}
