import type { Admin } from "kafkajs";
import { describe, expect, it } from "vitest";
import { brokerTopicAutoCreation } from "../../../harness/components/rest-proxy/topic-auto-creation.ts";
import { MetadataTimeout, TopicMetadataCache } from "../../../harness/components/rest-proxy/topic-metadata.ts";

/** A cluster of one broker whose `auto.create.topics.enable` is `autoCreate`; topics come into being on creation. */
function fakeCluster(autoCreate: string): { admin: Admin; created: string[]; configQuestions: () => number } {
  const topics = new Set<string>();
  const created: string[] = [];
  let questions = 0;
  const admin = {
    describeCluster: async () => ({ brokers: [{ nodeId: 1, host: "127.0.0.1", port: 9092 }], controller: 1 }),
    describeConfigs: async () => {
      questions += 1;
      return {
        resources: [
          { configEntries: [{ configName: "auto.create.topics.enable", configValue: autoCreate }], errorCode: 0 },
        ],
      };
    },
    createTopics: async ({ topics: asked }: { topics: Array<{ topic: string; numPartitions?: number }> }) => {
      for (const t of asked) {
        // Left to the broker's defaults, as its auto-creation uses them.
        expect(t.numPartitions).toBeUndefined();
        created.push(t.topic);
        topics.add(t.topic);
      }
      return true;
    },
    fetchTopicMetadata: async ({ topics: asked }: { topics: string[] }) => ({
      topics: asked
        .filter((t) => topics.has(t))
        .map((name) => ({
          name,
          partitions: [
            { partitionId: 0, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] },
          ],
        })),
    }),
  } as unknown as Admin;
  return { admin, created, configQuestions: () => questions };
}

describe("a producer's metadata wait asks for the topic, as the Java producer does", () => {
  it("creates an unknown topic when the cluster allows it, and the record's wait ends", async () => {
    const { admin, created, configQuestions } = fakeCluster("true");
    const cache = new TopicMetadataCache(admin, 2_000, brokerTopicAutoCreation(admin));
    const info = await cache.await("u.pins");
    expect(info.partitions.map((p) => p.partitionId)).toEqual([0]);
    expect(created).toEqual(["u.pins"]);
    await cache.await("u.other");
    expect(configQuestions()).toBe(1);
  });

  it("leaves an unknown topic unknown when the cluster does not create topics, until max.block.ms", async () => {
    const { admin, created } = fakeCluster("false");
    const cache = new TopicMetadataCache(admin, 150, brokerTopicAutoCreation(admin));
    await expect(cache.await("u.pins")).rejects.toThrow(MetadataTimeout);
    await expect(cache.await("u.pins")).rejects.toThrow("Topic u.pins not present in metadata after 150 ms.");
    expect(created).toEqual([]);
  });

  it("never creates a topic when only looked up (GET /topics/<t> is the admin client's question, not a producer's)", async () => {
    const { admin, created } = fakeCluster("true");
    const cache = new TopicMetadataCache(admin, 2_000, brokerTopicAutoCreation(admin));
    expect(await cache.lookup("u.pins")).toBeUndefined();
    expect(created).toEqual([]);
  });
});
