import type { Admin, ITopicConfig } from "kafkajs";
import { pollUntil } from "./wait.ts";

/**
 * Whether the broker `admin` asks knows every topic of `partitions` (name → partition count, or -1 for any) with a
 * leader for each partition; undefined while not, for `pollUntil`.
 */
export async function leadersKnown(admin: Admin, partitions: ReadonlyMap<string, number>): Promise<true | undefined> {
  const metadata = await admin.fetchTopicMetadata({ topics: [...partitions.keys()] });
  const led = metadata.topics.every((t) => {
    const wanted = partitions.get(t.name) ?? -1;
    const count = wanted > 0 ? t.partitions.length === wanted : t.partitions.length > 0;
    return count && t.partitions.every((p) => p.leader >= 0);
  });
  return led && metadata.topics.length === partitions.size ? true : undefined;
}

/**
 * `admin.createTopics` with a wait for every partition's leader that holds on a busy broker. kafkajs' own wait
 * (`waitForLeaders`) gives up on the first "does not host this topic-partition", which a KRaft broker answers until
 * it has applied the new topic's metadata record: under load, a moment after CreateTopics succeeded. Returns false
 * when every topic existed already, as kafkajs does.
 */
export async function createTopicsAndWait(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<boolean> {
  const created = await admin.createTopics({ topics, waitForLeaders: false });
  const partitions = new Map(topics.map((t) => [t.topic, t.numPartitions ?? -1]));
  await pollUntil(() => leadersKnown(admin, partitions), {
    name: `kafka: the leaders of ${[...partitions.keys()].join(", ")}`,
    timeoutMs,
  });
  return created;
}
