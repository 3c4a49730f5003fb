import type { Admin, PartitionMetadata } from "kafkajs";
import { rootKafkaError } from "./kafka-errors.ts";
import type { TopicAutoCreation } from "./topic-auto-creation.ts";

export interface TopicInfo {
  name: string;
  partitions: PartitionMetadata[];
  /** Partitions with a leader, as the Java producer's `availablePartitionsForTopic`. */
  available: number[];
}

/** Raised when a topic or partition does not appear within `max.block.ms`; the text is the Java client's. */
export class MetadataTimeout extends Error {
  override name = "MetadataTimeout";
}

const MAX_AGE_MS = 300_000;

/** Whether a topic's metadata holds the partition a record names (any partition will do when it names none). */
function holds(info: TopicInfo, partition: number | undefined): boolean {
  return partition === undefined || partition < info.partitions.length;
}
const RETRY_BACKOFF_MS = 100;

/**
 * The producer's view of topic metadata. Like the Java producer, a record waits up to `max.block.ms` for its
 * topic (and partition) to appear, re-asking the cluster every `retry.backoff.ms`.
 */
export class TopicMetadataCache {
  private readonly entries = new Map<string, { info: TopicInfo; at: number }>();
  private readonly inflight = new Map<string, Promise<TopicInfo | undefined>>();

  constructor(
    private readonly admin: Admin,
    private readonly maxBlockMs: number,
    /** For the producer's waits only: asks the cluster to create a topic it does not know, as the Java producer does. */
    private readonly autoCreation?: TopicAutoCreation,
  ) {}

  invalidate(topic: string): void {
    this.entries.delete(topic);
  }

  private fetch(topic: string, create = false): Promise<TopicInfo | undefined> {
    let p = this.inflight.get(topic);
    if (p) return p;
    p = (async () => {
      try {
        const md = await this.admin.fetchTopicMetadata({ topics: [topic] });
        const t = md.topics.find((x) => x.name === topic);
        if (!t || t.partitions.length === 0) {
          if (create) await this.autoCreation?.create(topic);
          return undefined;
        }
        const partitions = [...t.partitions].sort((a, b) => a.partitionId - b.partitionId);
        const info: TopicInfo = {
          name: topic,
          partitions,
          available: partitions.filter((x) => x.leader >= 0).map((x) => x.partitionId),
        };
        this.entries.set(topic, { info, at: Date.now() });
        return info;
      } catch (error) {
        const root = rootKafkaError(error);
        if (root.type === "UNKNOWN_TOPIC_OR_PARTITION") {
          if (create) await this.autoCreation?.create(topic);
          return undefined;
        }
        if (root.type === "LEADER_NOT_AVAILABLE") return undefined;
        throw error;
      } finally {
        this.inflight.delete(topic);
      }
    })();
    this.inflight.set(topic, p);
    return p;
  }

  /** Cached metadata, refreshed when older than `metadata.max.age.ms`; undefined when the topic is unknown. */
  async lookup(topic: string): Promise<TopicInfo | undefined> {
    return this.fresh(topic) ?? this.fetch(topic);
  }

  /** The cached metadata while it is younger than `metadata.max.age.ms`. */
  private fresh(topic: string): TopicInfo | undefined {
    const e = this.entries.get(topic);
    return e && Date.now() - e.at < MAX_AGE_MS ? e.info : undefined;
  }

  /**
   * What `await` would return at once, without a promise: the cached metadata when it is fresh and holds
   * `partition`; undefined when a record would have to wait.
   */
  known(topic: string, partition?: number): TopicInfo | undefined {
    const info = this.fresh(topic);
    return info !== undefined && holds(info, partition) ? info : undefined;
  }

  /**
   * Waits until `topic` (and `partition`, when given) is known, or throws MetadataTimeout after max.block.ms: one
   * record's wait in `KafkaProducer.send`. A topic the cluster does not know is asked for, as the producer asks.
   */
  async await(topic: string, partition?: number): Promise<TopicInfo> {
    const deadline = Date.now() + this.maxBlockMs;
    let info = this.fresh(topic) ?? (await this.fetch(topic, true));
    for (;;) {
      if (info && holds(info, partition)) return info;
      if (Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, Math.min(RETRY_BACKOFF_MS, Math.max(0, deadline - Date.now()))));
      info = await this.fetch(topic, true);
    }
    if (info && partition !== undefined) {
      throw new MetadataTimeout(
        `Partition ${partition} of topic ${topic} with partition count ${info.partitions.length} is not present in metadata after ${this.maxBlockMs} ms.`,
      );
    }
    throw new MetadataTimeout(`Topic ${topic} not present in metadata after ${this.maxBlockMs} ms.`);
  }
}
