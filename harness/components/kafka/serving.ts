import { Kafka, logLevel } from "kafkajs";
import { pollUntil } from "../../runtime/wait.ts";

/** A group that never exists: asking for its offsets only tells whether the group coordinator has loaded. */
const PROBE_GROUP = "pinpipe-coordinator-probe";

/** Asks one broker only (a client seeded with it alone), so that its own metadata is what answers. */
async function servingAgain(broker: string, topics: readonly string[]): Promise<true | undefined> {
  const admin = new Kafka({ clientId: "pinpipe-admin", brokers: [broker], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = topics.filter((t) => existing.has(t));
    if (wanted.length > 0) {
      const metadata = await admin.fetchTopicMetadata({ topics: wanted });
      const led = metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (!led) return undefined;
    }
    // Throws COORDINATOR_LOAD_IN_PROGRESS until the offsets are loaded; the stack's offsets topic has one
    // partition, so one probe answers for every group. No offsets topic yet: no group to wait for.
    if (existing.has("__consumer_offsets")) await admin.fetchOffsets({ groupId: PROBE_GROUP });
    return true;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Returns once a node started again serves as it did after the first start: it knows a leader for every partition
 * of `topics` (the ones created then; a topic deleted since is not waited for), and its group coordinator has
 * loaded the committed offsets, so that a client reads them at once rather than being told to retry.
 */
export async function waitUntilServing(broker: string, topics: readonly string[], timeoutMs: number): Promise<void> {
  await pollUntil(() => servingAgain(broker, topics), {
    name: `kafka: ${broker} to lead ${topics.join(", ") || "its topics"} and load its groups' offsets`,
    timeoutMs,
  });
}
