import { jacksonQuote } from "../../java/json-escape.ts";
import { type PartitionMetadata } from "kafkajs";

// The TOPIC resource type of DescribeConfigs (kafkajs does not export its enum as an ES named export).
const TOPIC_RESOURCE = 2;
import type { KafkaBackend } from "./backend.ts";
import { partitionNotFound, topicNotFound } from "./errors.ts";
import { kafkaRestError, rootKafkaError } from "./kafka-errors.ts";

/** Topics the broker marks internal; the real proxy lists topics without them. */
const INTERNAL = new Set(["__consumer_offsets", "__transaction_state"]);

async function guard<T>(backend: KafkaBackend, fn: () => Promise<T>): Promise<T> {
  try {
    await backend.ready();
    return await fn();
  } catch (error) {
    throw kafkaRestError(error);
  }
}

export async function brokers(backend: KafkaBackend): Promise<string> {
  const cluster = await guard(backend, () => backend.admin.describeCluster());
  return `{"brokers":[${cluster.brokers.map((b) => b.nodeId).join(",")}]}`;
}

export async function listTopicNames(backend: KafkaBackend): Promise<string[]> {
  const names = await guard(backend, () => backend.admin.listTopics());
  return names.filter((n) => !INTERNAL.has(n));
}

export async function topicPartitions(backend: KafkaBackend, topic: string): Promise<PartitionMetadata[]> {
  return guard(backend, async () => {
    try {
      const md = await backend.admin.fetchTopicMetadata({ topics: [topic] });
      const t = md.topics.find((x) => x.name === topic);
      if (!t) throw topicNotFound();
      return [...t.partitions].sort((a, b) => a.partitionId - b.partitionId);
    } catch (error) {
      if (rootKafkaError(error).type === "UNKNOWN_TOPIC_OR_PARTITION") throw topicNotFound();
      throw error;
    }
  });
}

export function partitionJson(p: PartitionMetadata): string {
  const isr = new Set(p.isr);
  const replicas = p.replicas.map((b) => `{"broker":${b},"leader":${b === p.leader},"in_sync":${isr.has(b)}}`);
  return `{"partition":${p.partitionId},"leader":${p.leader >= 0 ? p.leader : -1},"replicas":[${replicas.join(",")}]}`;
}

export async function topicJson(backend: KafkaBackend, topic: string): Promise<string> {
  const partitions = await topicPartitions(backend, topic);
  const configs = await guard(backend, () =>
    backend.admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: TOPIC_RESOURCE, name: topic }],
    }),
  );
  const entries = configs.resources[0]?.configEntries ?? [];
  const cfg = entries
    .map(
      (e) =>
        `${jacksonQuote(e.configName)}:${e.isSensitive || e.configValue === null ? "null" : jacksonQuote(String(e.configValue))}`,
    )
    .join(",");
  return `{"name":${jacksonQuote(topic)},"configs":{${cfg}},"partitions":[${partitions.map(partitionJson).join(",")}]}`;
}

export async function partitionOf(backend: KafkaBackend, topic: string, partition: number): Promise<PartitionMetadata> {
  const partitions = await topicPartitions(backend, topic);
  const p = partitions.find((x) => x.partitionId === partition);
  if (!p) throw partitionNotFound();
  return p;
}

export async function partitionOffsetsJson(backend: KafkaBackend, topic: string, partition: number): Promise<string> {
  await partitionOf(backend, topic, partition);
  const offsets = await guard(backend, () => backend.admin.fetchTopicOffsets(topic));
  const o = offsets.find((x) => x.partition === partition);
  if (!o) throw partitionNotFound();
  return `{"beginning_offset":${o.low},"end_offset":${o.high}}`;
}
