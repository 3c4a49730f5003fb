import { jacksonQuote } from "../../java/json-escape.ts";
import type { KafkaBackend } from "./backend.ts";
import { clusterNotFound } from "./errors.ts";

import { kafkaRestError } from "./kafka-errors.ts";
import type { RequestContext } from "./router.ts";
import type { RestProxySettings } from "./settings.ts";

/** Internal topics as the broker marks them (kafkajs metadata does not carry the flag). */
export const INTERNAL_TOPICS = new Set(["__consumer_offsets", "__transaction_state"]);

/** The origin v3 links are built on: an advertised listener, else `host.name`, else the request's Host. */
export function origin(ctx: RequestContext, settings: RestProxySettings): string {
  const adv = settings.advertisedListeners.find((u) => u.protocol === "http:") ?? settings.advertisedListeners[0];
  if (adv) return `${adv.protocol}//${adv.host}`;
  if (settings.hostName) return `http://${settings.hostName}:${settings.listeners[0]?.port || 8082}`;
  return `http://${String(ctx.headers.host ?? "localhost")}`;
}

const related = (url: string): string => `{"related":${jacksonQuote(url)}}`;

export function metadataJson(self: string, resourceName?: string): string {
  const name = resourceName === undefined ? "" : `,"resource_name":${jacksonQuote(resourceName)}`;
  return `{"self":${jacksonQuote(self)}${name}}`;
}

/** A v3 collection: `{"kind","metadata":{"self","next":null},"data":[...]}`. */
export function listJson(kind: string, self: string, items: string[]): string {
  return `{"kind":${jacksonQuote(kind)},"metadata":{"self":${jacksonQuote(self)},"next":null},"data":[${items.join(",")}]}`;
}

export function clusterJson(base: string, clusterId: string, controller: number | null): string {
  const c = `${base}/v3/clusters/${clusterId}`;
  return (
    `{"kind":"KafkaCluster","metadata":${metadataJson(c, `crn:///kafka=${clusterId}`)},` +
    `"cluster_id":${jacksonQuote(clusterId)},` +
    `"controller":${controller === null ? "null" : related(`${c}/brokers/${controller}`)},` +
    `"acls":${related(`${c}/acls`)},"brokers":${related(`${c}/brokers`)},` +
    `"broker_configs":${related(`${c}/broker-configs`)},"consumer_groups":${related(`${c}/consumer-groups`)},` +
    `"topics":${related(`${c}/topics`)},` +
    `"partition_reassignments":${related(`${c}/topics/-/partitions/-/reassignment`)}}`
  );
}

export interface TopicFacts {
  name: string;
  internal: boolean;
  replicationFactor: number;
  partitionsCount: number;
}

export function topicJson(base: string, clusterId: string, t: TopicFacts): string {
  const self = `${base}/v3/clusters/${clusterId}/topics/${encodeURIComponent(t.name)}`;
  return (
    `{"kind":"KafkaTopic","metadata":${metadataJson(self, `crn:///kafka=${clusterId}/topic=${t.name}`)},` +
    `"cluster_id":${jacksonQuote(clusterId)},"topic_name":${jacksonQuote(t.name)},"is_internal":${t.internal},` +
    `"replication_factor":${t.replicationFactor},"partitions_count":${t.partitionsCount},` +
    `"authorized_operations":[],` +
    `"partitions":${related(`${self}/partitions`)},"configs":${related(`${self}/configs`)},` +
    `"partition_reassignments":${related(`${self}/partitions/-/reassignment`)}}`
  );
}

/** The one cluster this proxy fronts; asked once, then remembered. */
export class ClusterInfo {
  private cached: Promise<{ id: string; controller: number | null }> | undefined;

  constructor(private readonly backend: KafkaBackend) {}

  describe(): Promise<{ id: string; controller: number | null }> {
    this.cached ??= (async () => {
      await this.backend.ready();
      const d = await this.backend.admin.describeCluster();
      return { id: d.clusterId, controller: d.controller ?? null };
    })().catch((error: unknown) => {
      this.cached = undefined;
      throw kafkaRestError(error);
    });
    return this.cached;
  }

  /** The cluster id, or the real proxy's 404 when the path names another cluster. */
  async require(id: string): Promise<{ id: string; controller: number | null }> {
    const c = await this.describe();
    if (c.id !== id) throw clusterNotFound(id);
    return c;
  }
}
