import { Kafka, logLevel } from "kafkajs";
import { pollUntil } from "../runtime/wait.ts";
import type { StackInfo } from "../stack-info.ts";
import { connectorStatus, failedTasks } from "./connector-status.ts";

/** The topics the connector's tasks consume (Connect's topic tracking); undefined when the worker does not say. */
async function activeTopics(info: StackInfo): Promise<string[] | undefined> {
  const url = `${info.connectUrl}/connectors/${encodeURIComponent(info.connector)}/topics`;
  const response = await fetch(url).catch(() => undefined);
  if (!response?.ok) return undefined;
  const body = (await response.json()) as Record<string, { topics?: string[] }>;
  return body[info.connector]?.topics;
}

/**
 * Waits until the connector's committed offsets reach what the sink must have written by now: every record
 * of each partition, less the tail of fewer than flush.size records that it keeps buffered, or until a task of
 * the connector has FAILED.
 */
export async function waitForSink(info: StackInfo, flushSize: number, timeoutMs: number): Promise<void> {
  const kafka = new Kafka({ brokers: info.kafka.bootstrapServers.split(","), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const targets = new Map<string, number>();
    // Only the topics the connector consumes: one whose topics or topics.regex match none of the user's topics
    // writes nothing of them, however long one waits.
    const consumed = await activeTopics(info);
    for (const topic of info.topics.filter((t) => consumed === undefined || consumed.includes(t))) {
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
