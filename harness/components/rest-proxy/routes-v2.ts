import { jacksonQuote } from "../../java/json-escape.ts";
import type { KafkaBackend } from "./backend.ts";
import {
  brokers,
  listTopicNames,
  partitionJson,
  partitionOf,
  partitionOffsetsJson,
  topicJson,
  topicPartitions,
} from "./metadata.ts";

import { FORMATS, V2_JSON, formatType, type EmbeddedFormat } from "./media.ts";
import { produceV2 } from "./produce.ts";
import type { Reply, RequestContext, Route } from "./router.ts";

const V2_ONLY = [{ type: V2_JSON, qs: 1 }] as const;
const ok = (body: string): Reply => ({ status: 200, body });

/** Root, metadata and produce endpoints of API v2. */
export function v2Routes(backend: KafkaBackend): Route[] {
  const routes: Route[] = [
    {
      method: "GET",
      template: "/",
      api: "v2",
      consumes: [V2_JSON],
      produces: V2_ONLY,
      endpoint: "api.v2.root.get",
      handler: async () => ok("{}"),
    },
    {
      method: "POST",
      template: "/",
      api: "v2",
      consumes: [V2_JSON],
      produces: V2_ONLY,
      endpoint: "api.v2.root.post",
      handler: async () => ok("{}"),
    },
    {
      method: "GET",
      template: "/brokers",
      api: "v2",
      consumes: "any",
      produces: V2_ONLY,
      endpoint: "api.v2.brokers.list",
      handler: async () => ok(await brokers(backend)),
    },
    {
      method: "GET",
      template: "/topics",
      api: "v2",
      consumes: [V2_JSON],
      produces: V2_ONLY,
      endpoint: "api.v2.topics.list",
      handler: async () => ok(`[${(await listTopicNames(backend)).map(jacksonQuote).join(",")}]`),
    },
    {
      method: "GET",
      template: "/topics/{topic}",
      api: "v2",
      consumes: [V2_JSON],
      produces: V2_ONLY,
      endpoint: "api.v2.topics.get",
      handler: async (ctx) => ok(await topicJson(backend, ctx.params.topic!)),
    },
    {
      method: "GET",
      template: "/topics/{topic}/partitions",
      api: "v2",
      consumes: [V2_JSON],
      produces: V2_ONLY,
      endpoint: "api.v2.partitions.list",
      handler: async (ctx) =>
        ok(`[${(await topicPartitions(backend, ctx.params.topic!)).map(partitionJson).join(",")}]`),
    },
    {
      method: "GET",
      template: "/topics/{topic}/partitions/{partition:int}",
      api: "v2",
      consumes: [V2_JSON],
      produces: V2_ONLY,
      endpoint: "api.v2.partitions.get",
      handler: async (ctx) =>
        ok(partitionJson(await partitionOf(backend, ctx.params.topic!, Number(ctx.params.partition)))),
    },
    {
      method: "GET",
      template: "/topics/{topic}/partitions/{partition:int}/offsets",
      api: "v2",
      consumes: [V2_JSON],
      produces: V2_ONLY,
      endpoint: "api.v2.partitions.get-offsets",
      handler: async (ctx) => ok(await partitionOffsetsJson(backend, ctx.params.topic!, Number(ctx.params.partition))),
    },
  ];
  for (const format of FORMATS) {
    routes.push(produceRoute(backend, format, false), produceRoute(backend, format, true));
  }
  return routes;
}

function produceRoute(backend: KafkaBackend, format: EmbeddedFormat, toPartition: boolean): Route {
  return {
    method: "POST",
    template: toPartition ? "/topics/{topic}/partitions/{partition:int}" : "/topics/{topic}",
    api: "v2",
    consumes: [formatType(format)],
    produces: V2_ONLY,
    endpoint: toPartition ? "api.v2.produce-to-partition" : "api.v2.produce-to-topic",
    handler: async (ctx: RequestContext) => {
      const body = ctx.json();
      const partition = toPartition ? Number(ctx.params.partition) : undefined;
      const outcome = await produceV2(backend.sink, ctx.params.topic!, partition, format, body);
      return { status: outcome.status, body: outcome.body };
    },
  };
}
