import type { KafkaBackend } from "./backend.ts";
import { RestError, badRequest, topicExists, topicNotFound, unrecognizedField } from "./errors.ts";
import { JsonNumber, isJsonObject, type JsonValue } from "../../java/jackson-tree.ts";
import { kafkaRestError, rootKafkaError } from "./kafka-errors.ts";
import { entitySource } from "./json-errors.ts";
import { JSON_TYPE } from "./media.ts";
import { produceV3 } from "./produce-v3.ts";
import type { Reply, RequestContext, Route } from "./router.ts";
import {
  ClusterInfo,
  INTERNAL_TOPICS,
  clusterJson,
  listJson,
  origin,
  topicJson,
  type TopicFacts,
} from "./v3-resources.ts";

const JSON_ONLY = [{ type: JSON_TYPE, qs: 1 }] as const;
const ok = (body: string): Reply => ({ status: 200, body });

async function kafka<T>(backend: KafkaBackend, fn: () => Promise<T>): Promise<T> {
  try {
    await backend.ready();
    return await fn();
  } catch (error) {
    throw kafkaRestError(error);
  }
}

/** Facts of the named topics (all when `names` is undefined); a missing named topic is a 40403. */
async function topicFacts(backend: KafkaBackend, names?: string[]): Promise<TopicFacts[]> {
  const md = await kafka(backend, async () => {
    try {
      return await backend.admin.fetchTopicMetadata(names ? { topics: names } : undefined);
    } catch (error) {
      if (rootKafkaError(error).type === "UNKNOWN_TOPIC_OR_PARTITION") throw topicNotFound();
      throw error;
    }
  });
  return md.topics
    .map((t) => ({
      name: t.name,
      internal: INTERNAL_TOPICS.has(t.name),
      replicationFactor: t.partitions[0]?.replicas.length ?? 0,
      partitionsCount: t.partitions.length,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

interface CreateTopic {
  name: string;
  partitions: number | undefined;
  replicationFactor: number | undefined;
  configs: Array<{ name: string; value: string | null }>;
}

function intOrUndefined(v: JsonValue, field: string): number | undefined {
  if (v === null) return undefined;
  if (!(v instanceof JsonNumber) || !v.integral) throw badRequest(`${field} must be an integer`);
  return v.toNumber();
}

function parseCreate(body: JsonValue | undefined): CreateTopic {
  if (!isJsonObject(body)) throw badRequest("Cannot deserialize CreateTopicRequest from a non-object value");
  const out: CreateTopic = { name: "", partitions: undefined, replicationFactor: undefined, configs: [] };
  for (const [k, v] of body) {
    if (k === "topic_name") out.name = typeof v === "string" ? v : "";
    else if (k === "partitions_count") out.partitions = intOrUndefined(v, k);
    else if (k === "replication_factor") out.replicationFactor = intOrUndefined(v, k);
    else if (k === "configs") {
      if (v === null) continue;
      if (!Array.isArray(v)) throw badRequest("configs must be an array");
      for (const c of v) {
        const name = isJsonObject(c) ? c.get("name") : undefined;
        const value = isJsonObject(c) ? c.get("value") : undefined;
        if (typeof name !== "string") throw badRequest("A config needs a name");
        out.configs.push({ name, value: typeof value === "string" ? value : value == null ? null : String(value) });
      }
    } else if (k !== "replicas_assignments") throw unrecognizedField(k);
  }
  // The bound request's topic_name is required; Jackson fails it as a bad request.
  if (out.name === "") throw badRequest("Missing required creator property 'topic_name'");
  return out;
}

/** API v3: the cluster, topics CRUD and streaming records. */
export function v3Routes(backend: KafkaBackend): Route[] {
  const cluster = new ClusterInfo(backend);
  const base = (ctx: RequestContext): string => origin(ctx, backend.settings);
  const route = (
    method: string,
    template: string,
    endpoint: string,
    handler: (ctx: RequestContext) => Promise<Reply>,
  ): Route => ({
    method,
    template,
    api: "v3",
    consumes: method === "GET" || method === "DELETE" ? "any" : [JSON_TYPE],
    produces: JSON_ONLY,
    endpoint,
    handler,
  });
  const topicsPath = "/v3/clusters/{cluster}/topics";

  return [
    route("GET", "/v3/clusters", "api.v3.clusters.list", async (ctx) => {
      const c = await cluster.describe();
      return ok(listJson("KafkaClusterList", `${base(ctx)}/v3/clusters`, [clusterJson(base(ctx), c.id, c.controller)]));
    }),
    route("GET", "/v3/clusters/{cluster}", "api.v3.clusters.get", async (ctx) => {
      const c = await cluster.require(ctx.params.cluster!);
      return ok(clusterJson(base(ctx), c.id, c.controller));
    }),
    route("GET", topicsPath, "api.v3.topics.list", async (ctx) => {
      const c = await cluster.require(ctx.params.cluster!);
      const items = (await topicFacts(backend)).map((t) => topicJson(base(ctx), c.id, t));
      return ok(listJson("KafkaTopicList", `${base(ctx)}/v3/clusters/${c.id}/topics`, items));
    }),
    route("POST", topicsPath, "api.v3.topics.create", async (ctx) => {
      const c = await cluster.require(ctx.params.cluster!);
      const req = parseCreate(ctx.json());
      await kafka(backend, async () => {
        let created: boolean;
        try {
          created = await backend.admin.createTopics({
            topics: [
              {
                topic: req.name,
                numPartitions: req.partitions ?? -1,
                replicationFactor: req.replicationFactor ?? -1,
                configEntries: req.configs.map((e) => ({ name: e.name, value: e.value as string })),
              },
            ],
          });
        } catch (error) {
          if (rootKafkaError(error).type === "TOPIC_ALREADY_EXISTS") throw topicExists(req.name);
          throw error;
        }
        if (!created) throw topicExists(req.name);
      });
      const facts = {
        name: req.name,
        internal: false,
        replicationFactor: req.replicationFactor ?? 0,
        partitionsCount: 0,
      };
      const body = topicJson(base(ctx), c.id, facts);
      const self = `${base(ctx)}/v3/clusters/${c.id}/topics/${encodeURIComponent(req.name)}`;
      return { status: 201, body, headers: { Location: self } };
    }),
    route("GET", `${topicsPath}/{topic}`, "api.v3.topics.get", async (ctx) => {
      const c = await cluster.require(ctx.params.cluster!);
      const [t] = await topicFacts(backend, [ctx.params.topic!]);
      if (!t) throw topicNotFound();
      return ok(topicJson(base(ctx), c.id, t));
    }),
    route("DELETE", `${topicsPath}/{topic}`, "api.v3.topics.delete", async (ctx) => {
      await cluster.require(ctx.params.cluster!);
      const name = ctx.params.topic!;
      await topicFacts(backend, [name]);
      await kafka(backend, () => backend.admin.deleteTopics({ topics: [name] }));
      backend.metadata.invalidate(name);
      return { status: 204 };
    }),
    route("POST", `${topicsPath}/{topic}/records`, "api.v3.produce.produce-to-topic", async (ctx) => {
      const c = await cluster.require(ctx.params.cluster!);
      const topic = ctx.params.topic!;
      const info = await kafka(backend, () => backend.metadata.lookup(topic));
      if (!info) throw topicNotFound();
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(ctx.body);
      } catch {
        throw new RestError(400, 400, "Invalid UTF-8 start byte");
      }
      return { status: 200, stream: produceV3(backend.sink, c.id, topic, text, entitySource(ctx.body)) };
    }),
  ];
}
