import { jacksonQuote } from "../../java/json-escape.ts";
import type { ConsumerInstance, TopicPartition } from "./consumer-instance.ts";
import type { ConsumerManager } from "./consumers.ts";
import {
  RestError,
  badRequest,
  formatMismatch,
  kafkaError,
  notFound,
  partitionNotFound,
  serializationError,
  unprocessable,
  unrecognizedField,
} from "./errors.ts";
import { deserializeBinary, deserializeJson } from "./formats.ts";
import { JsonNumber, isJsonObject, stringifyJson, type JsonObject, type JsonValue } from "../../java/jackson-tree.ts";
import { kafkaRestError } from "./kafka-errors.ts";
import type { Offer } from "../../java/jaxrs/media.ts";
import { FORMATS, V2_JSON, formatType, type EmbeddedFormat } from "./media.ts";
import { coerceInt } from "./produce.ts";
import type { Reply, RequestContext, Route } from "./router.ts";

// Control endpoints answer v2 JSON by preference but accept any record type, weighted low.
const CONTROL_OFFERS: Offer[] = [{ type: V2_JSON, qs: 0.9 }, ...FORMATS.map((f) => ({ type: formatType(f), qs: 0.1 }))];
const CONTROL_CONSUMES = [V2_JSON, ...FORMATS.map(formatType)];
const BASE = "/consumers/{group}/instances/{instance}";
const noContent: Reply = { status: 204 };

function objectBody(body: JsonValue | undefined, method: string): JsonObject | undefined {
  if (body === undefined || body === null) return undefined;
  if (!isJsonObject(body)) throw badRequest(`Cannot deserialize ${method} request from a non-object value`);
  return body;
}

function requireBody(body: JsonValue | undefined, method: string): JsonObject {
  const o = objectBody(body, method);
  if (!o) throw unprocessable(`${method}.arg3 must not be null (was null)`);
  return o;
}

function only(o: JsonObject, allowed: string[]): void {
  for (const k of o.keys()) if (!allowed.includes(k)) throw unrecognizedField(k);
}

function list(o: JsonObject, field: string): JsonObject[] {
  const v = o.get(field);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v))
    throw badRequest(`Cannot deserialize value of type \`java.util.ArrayList\` from non-array value`);
  return v.map((x) => {
    if (!isJsonObject(x)) throw badRequest("Cannot deserialize list entry from a non-object value");
    return x;
  });
}

function topicPartition(o: JsonObject, extra: string[] = []): TopicPartition {
  only(o, ["topic", "partition", ...extra]);
  const topic = o.get("topic");
  const partition = coerceInt(o.get("partition") ?? null, "partition");
  if (typeof topic !== "string" || partition === undefined) throw unprocessable("topic and partition must not be null");
  return { topic, partition };
}

function offsetOf(o: JsonObject): bigint {
  const v = o.get("offset");
  if (v instanceof JsonNumber && v.integral) return BigInt(v.text);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  throw unprocessable("offset must not be null");
}

function queryInt(ctx: RequestContext, name: string): number | undefined {
  const v = ctx.query.get(name);
  if (v === null || v === "") return undefined;
  // A query parameter that does not convert makes JAX-RS answer 404.
  if (!/^[+-]?\d+$/.test(v)) throw notFound();
  return Number(v);
}

function baseUri(ctx: RequestContext, consumers: ConsumerManager, group: string, id: string): string {
  const s = consumers.settings;
  const adv = s.advertisedListeners.find((u) => u.protocol === "http:") ?? s.advertisedListeners[0];
  let origin: string;
  if (adv) origin = `${adv.protocol}//${adv.host}`;
  else if (s.hostName) origin = `http://${s.hostName}:${s.listeners[0]?.port || 8082}`;
  else origin = `http://${String(ctx.headers.host ?? "localhost")}`;
  return `${origin}/consumers/${encodeURIComponent(group)}/instances/${encodeURIComponent(id)}`;
}

async function kafkaCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof RestError) throw error;
    const e = kafkaRestError(error);
    throw e.errorCode === 500 ? kafkaError(String((error as Error)?.message ?? error)) : e;
  }
}

function recordsJson(inst: ConsumerInstance, records: Awaited<ReturnType<ConsumerManager["read"]>>): string {
  const fmt = inst.config.format;
  const parts = records.map((r) => {
    let key: string;
    let value: string;
    if (fmt === "binary") {
      const k = deserializeBinary(r.key);
      const v = deserializeBinary(r.value);
      key = k === null ? "null" : jacksonQuote(k);
      value = v === null ? "null" : jacksonQuote(v);
    } else if (fmt === "json") {
      key = stringifyJson(deserializeJson(r.key));
      value = stringifyJson(deserializeJson(r.value));
    } else {
      throw serializationError(
        "Schema Registry not defined, no Schema Registry client available to deserialize message.",
      );
    }
    return `{"topic":${jacksonQuote(r.topic)},"key":${key},"value":${value},"partition":${r.partition},"offset":${r.offset}}`;
  });
  return `[${parts.join(",")}]`;
}

/** The whole v2 consumer API. */
export function consumerRoutes(consumers: ConsumerManager): Route[] {
  const control = (method: string, template: string, endpoint: string, handler: Route["handler"]): Route => ({
    method,
    template,
    api: "v2",
    consumes: CONTROL_CONSUMES,
    produces: CONTROL_OFFERS,
    endpoint,
    handler,
  });
  const inst = (ctx: RequestContext): ConsumerInstance => consumers.get(ctx.params.group!, ctx.params.instance!);

  const routes: Route[] = [
    control("POST", "/consumers/{group}", "api.v2.consumers.create", async (ctx) => {
      const created = consumers.create(ctx.params.group!, ctx.json());
      const uri = baseUri(ctx, consumers, ctx.params.group!, created.id);
      return { status: 200, body: `{"instance_id":${jacksonQuote(created.id)},"base_uri":${jacksonQuote(uri)}}` };
    }),
    control("DELETE", BASE, "api.v2.consumers.delete", async (ctx) => {
      await consumers.delete(ctx.params.group!, ctx.params.instance!);
      return noContent;
    }),
    control("POST", `${BASE}/subscription`, "api.v2.consumers.subscribe", async (ctx) => {
      const i = inst(ctx);
      const body = requireBody(ctx.json(), "subscribe");
      only(body, ["topics", "topic_pattern"]);
      const topicsNode = body.get("topics");
      const topics = Array.isArray(topicsNode)
        ? topicsNode.filter((t): t is string => typeof t === "string")
        : undefined;
      const pattern = typeof body.get("topic_pattern") === "string" ? (body.get("topic_pattern") as string) : undefined;
      i.subscribe(topics && topics.length > 0 ? topics : undefined, pattern);
      return noContent;
    }),
    control("GET", `${BASE}/subscription`, "api.v2.consumers.get-subscription", async (ctx) => {
      const i = inst(ctx);
      const topics = i.subscription ? i.subscribedTopics() : [];
      return { status: 200, body: `{"topics":[${topics.map(jacksonQuote).join(",")}]}` };
    }),
    control("DELETE", `${BASE}/subscription`, "api.v2.consumers.unsubscribe", async (ctx) => {
      await inst(ctx).unsubscribe();
      return noContent;
    }),
    control("POST", `${BASE}/assignments`, "api.v2.consumers.assign", async (ctx) => {
      const i = inst(ctx);
      const body = requireBody(ctx.json(), "assign");
      only(body, ["partitions"]);
      i.assign(list(body, "partitions").map((p) => topicPartition(p)));
      return noContent;
    }),
    control("GET", `${BASE}/assignments`, "api.v2.consumers.get-assignments", async (ctx) => {
      const i = inst(ctx);
      const parts = [...i.assigned].map((k) => {
        const [topic = "", partition = "0"] = k.split("\u0000");
        return `{"topic":${jacksonQuote(topic)},"partition":${partition}}`;
      });
      return { status: 200, body: `{"partitions":[${parts.join(",")}]}` };
    }),
    control("POST", `${BASE}/positions`, "api.v2.consumers.seek", async (ctx) => {
      const i = inst(ctx);
      const body = requireBody(ctx.json(), "seek");
      only(body, ["offsets", "timestamps"]);
      for (const o of list(body, "offsets")) {
        const tp = topicPartition(o, ["offset", "metadata"]);
        i.seek(tp.topic, tp.partition, offsetOf(o));
      }
      for (const o of list(body, "timestamps")) {
        const tp = topicPartition(o, ["timestamp", "metadata"]);
        const ts = Date.parse(String(o.get("timestamp") ?? ""));
        if (Number.isNaN(ts)) throw badRequest("Cannot deserialize value of type `java.time.Instant`");
        const found = await kafkaCall(() => consumers.backend.admin.fetchTopicOffsetsByTimestamp(tp.topic, ts));
        const at = found.find((x) => x.partition === tp.partition);
        i.seek(tp.topic, tp.partition, BigInt(at?.offset ?? "0"));
      }
      return noContent;
    }),
    ...(["beginning", "end"] as const).map((where) =>
      control("POST", `${BASE}/positions/${where}`, `api.v2.consumers.seek-to-${where}`, async (ctx) => {
        const i = inst(ctx);
        const body = requireBody(ctx.json(), `seekTo${where === "end" ? "End" : "Beginning"}`);
        only(body, ["partitions"]);
        for (const p of list(body, "partitions")) {
          const tp = topicPartition(p);
          const offsets = await kafkaCall(() => consumers.backend.admin.fetchTopicOffsets(tp.topic));
          const o = offsets.find((x) => x.partition === tp.partition);
          i.seek(tp.topic, tp.partition, BigInt((where === "end" ? o?.high : o?.low) ?? "0"));
        }
        return noContent;
      }),
    ),
    control("POST", `${BASE}/offsets`, "api.v2.consumers.commit-offsets", async (ctx) => {
      const i = inst(ctx);
      const body = objectBody(ctx.json(), "commitOffsets");
      let offsets: Array<TopicPartition & { offset: bigint }> | undefined;
      if (body) {
        only(body, ["offsets"]);
        const entries = list(body, "offsets");
        if (entries.length > 0)
          offsets = entries.map((o) => ({ ...topicPartition(o, ["offset", "metadata"]), offset: offsetOf(o) }));
      }
      await kafkaCall(() => consumers.commit(i, offsets));
      return { status: 200, body: "[]" };
    }),
    control("GET", `${BASE}/offsets`, "api.v2.consumers.get-committed-offsets", async (ctx) => {
      const i = inst(ctx);
      const body = objectBody(ctx.json(), "committedOffsets");
      if (!body) throw partitionNotFound();
      only(body, ["partitions"]);
      const found = await kafkaCall(() =>
        consumers.committed(
          i,
          list(body, "partitions").map((p) => topicPartition(p)),
        ),
      );
      const parts = found.map(
        (o) => `{"topic":${jacksonQuote(o.topic)},"partition":${o.partition},"offset":${o.offset},"metadata":""}`,
      );
      return { status: 200, body: `{"offsets":[${parts.join(",")}]}` };
    }),
  ];
  for (const format of FORMATS) routes.push(recordsRoute(consumers, format));
  return routes;
}

function recordsRoute(consumers: ConsumerManager, format: EmbeddedFormat): Route {
  return {
    method: "GET",
    template: `${BASE}/records`,
    api: "v2",
    consumes: CONTROL_CONSUMES,
    // With no Accept (or */*), binary wins: it is the only record type not weighted down.
    produces: [{ type: formatType(format), qs: format === "binary" ? 1 : 0.1 }],
    endpoint: "api.v2.consumers.consume",
    handler: async (ctx) => {
      const timeout = queryInt(ctx, "timeout");
      const maxBytes = queryInt(ctx, "max_bytes");
      const i = consumers.get(ctx.params.group!, ctx.params.instance!);
      if (i.config.format !== format) throw formatMismatch();
      const records = await consumers.read(i, timeout, maxBytes);
      return { status: 200, body: recordsJson(i, records) };
    },
  };
}
