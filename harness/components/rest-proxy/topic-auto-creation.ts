import kafkajs, { type Admin } from "kafkajs";

// Not among the names Node finds in kafkajs's CommonJS exports, so taken from the module object.
const { ConfigResourceTypes } = kafkajs;

/**
 * What the Java producer's metadata request does for a topic the cluster does not know: it asks for the topic to
 * be created (allow_auto_topic_creation is always true for a producer), and a broker with
 * `auto.create.topics.enable=true` creates it with its `num.partitions` and `default.replication.factor`. kafkajs's
 * admin never asks, so pinpipe reads the broker's setting once and, where it is on, creates the topic with the
 * broker's defaults: the cluster ends in the state the real producer's request leaves it in.
 */
export interface TopicAutoCreation {
  /** True when the cluster creates topics on request and `topic` now exists (or is being created). */
  create(topic: string): Promise<boolean>;
}

const SETTING = "auto.create.topics.enable";

async function clusterCreatesTopics(admin: Admin): Promise<boolean> {
  const { brokers } = await admin.describeCluster();
  const broker = brokers[0];
  if (!broker) return false;
  const described = await admin.describeConfigs({
    resources: [{ type: ConfigResourceTypes.BROKER, name: String(broker.nodeId), configNames: [SETTING] }],
    includeSynonyms: false,
  });
  const entry = described.resources[0]?.configEntries.find((e) => e.configName === SETTING);
  return entry?.configValue === "true";
}

export function brokerTopicAutoCreation(admin: Admin): TopicAutoCreation {
  let allowed: Promise<boolean> | undefined;
  return {
    async create(topic) {
      // Asked once: the setting is static on a running broker. A failed question is asked again next time.
      allowed ??= clusterCreatesTopics(admin).catch(() => {
        allowed = undefined;
        return false;
      });
      if (!(await allowed)) return false;
      try {
        // -1 partitions and replicas: the broker's own defaults, as its auto-creation uses. An existing topic is fine.
        await admin.createTopics({ topics: [{ topic }], waitForLeaders: false });
        return true;
      } catch {
        // An invalid name or a refused creation: the topic stays unknown, and the record waits as without auto-creation.
        return false;
      }
    },
  };
}
