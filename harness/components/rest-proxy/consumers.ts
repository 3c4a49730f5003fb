import { randomUUID } from "node:crypto";
import type { KafkaBackend } from "./backend.ts";
import {
  ConsumerInstance,
  tpKey,
  type BufferedRecord,
  type InstanceConfig,
  type TopicPartition,
} from "./consumer-instance.ts";
import {
  RestError,
  consumerAlreadyExists,
  consumerInstanceNotFound,
  internalServerError,
  invalidConsumerConfig,
  invalidConsumerConfigConstraint,
  unprocessable,
  unrecognizedField,
} from "./errors.ts";
import { JsonNumber, isJsonObject, type JsonValue } from "../../java/jackson-tree.ts";
import type { Logger } from "./log.ts";
import { FORMATS, type EmbeddedFormat } from "./media.ts";
import type { RestProxySettings } from "./settings.ts";

/** The real proxy's cap on a single read, whatever `max_bytes` asks for. */
const MAX_READ_BYTES = 67108864;

function stringField(v: JsonValue): string | undefined {
  if (v === null) return undefined;
  if (typeof v === "string") return v;
  if (v instanceof JsonNumber) return v.text;
  if (typeof v === "boolean") return String(v);
  throw new RestError(400, 400, "Cannot deserialize value of type `java.lang.String` from non-scalar value");
}

function intField(v: JsonValue): number | undefined {
  const s = stringField(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n))
    throw new RestError(400, 400, `Cannot deserialize value of type \`java.lang.Integer\` from String "${s}"`);
  return n;
}

/** Consumer instances by group and name, with the real proxy's expiry sweep. */
export class ConsumerManager {
  private readonly instances = new Map<string, ConsumerInstance>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly settings: RestProxySettings,
    readonly backend: KafkaBackend,
    readonly logger: Logger,
  ) {
    // Expiry is checked once a second, so an idle instance can outlive its timeout by up to a second.
    this.sweeper = setInterval(() => void this.sweep(), 1000);
    this.sweeper.unref();
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [k, inst] of this.instances) {
      if (now - inst.lastAccess > this.settings.consumerInstanceTimeoutMs) {
        this.instances.delete(k);
        this.logger.log("INFO", `consumer instance ${inst.group}/${inst.id} expired`);
        await inst.close();
      }
    }
  }

  /** `POST /consumers/{group}`: returns the instance name. */
  create(group: string, body: JsonValue | undefined): ConsumerInstance {
    let name: string | undefined;
    let id: string | undefined;
    let format = "binary";
    let reset: string | undefined;
    let autoCommit: string | undefined;
    let fetchMinBytes: number | undefined;
    let requestWaitMs: number | undefined;
    if (body !== undefined && body !== null) {
      if (!isJsonObject(body))
        throw new RestError(400, 400, "Cannot deserialize consumer instance request from a non-object value");
      for (const [k, v] of body) {
        if (k === "name") name = stringField(v);
        else if (k === "id") id = stringField(v);
        else if (k === "format") format = stringField(v) ?? "binary";
        else if (k === "auto.offset.reset") reset = stringField(v);
        else if (k === "auto.commit.enable") autoCommit = stringField(v);
        else if (k === "fetch.min.bytes" || k === "responseMinBytes") fetchMinBytes = intField(v);
        else if (k === "consumer.request.timeout.ms" || k === "requestWaitMs") requestWaitMs = intField(v);
        else throw unrecognizedField(k);
      }
    }
    const fmt = format.toLowerCase();
    if (!(FORMATS as readonly string[]).includes(fmt)) throw unprocessable("Invalid format type.");
    if (fetchMinBytes !== undefined && (fetchMinBytes < -1 || fetchMinBytes > 10000000)) {
      throw invalidConsumerConfigConstraint(`fetch.min.bytes must be between -1 and 10000000 (was ${fetchMinBytes})`);
    }
    const resetValue = (reset ?? this.settings.consumer["auto.offset.reset"] ?? "latest").toLowerCase();
    if (!["latest", "earliest", "none"].includes(resetValue)) {
      throw invalidConsumerConfig(
        `Invalid value ${reset} for configuration auto.offset.reset: String must be one of: latest, earliest, none`,
      );
    }
    const commitText = (autoCommit ?? this.settings.consumer["enable.auto.commit"] ?? "true").toLowerCase();
    if (commitText !== "true" && commitText !== "false") {
      throw invalidConsumerConfig(
        `Invalid value ${autoCommit} for configuration enable.auto.commit: Expected value to be either true or false`,
      );
    }
    const instanceName = id ?? name ?? `rest-consumer-${this.settings.id ? `${this.settings.id}-` : ""}${randomUUID()}`;
    const key = `${group}\u0000${instanceName}`;
    if (this.instances.has(key)) throw consumerAlreadyExists();
    const config: InstanceConfig = {
      format: fmt as EmbeddedFormat,
      autoOffsetReset: resetValue as InstanceConfig["autoOffsetReset"],
      autoCommit: commitText === "true",
      fetchMinBytes: fetchMinBytes ?? this.settings.fetchMinBytes,
      requestWaitMs,
    };
    const inst = new ConsumerInstance(group, instanceName, config, this.backend.kafka, this.logger);
    this.instances.set(key, inst);
    return inst;
  }

  get(group: string, instance: string): ConsumerInstance {
    const inst = this.instances.get(`${group}\u0000${instance}`);
    if (!inst) throw consumerInstanceNotFound();
    inst.touch();
    return inst;
  }

  async delete(group: string, instance: string): Promise<void> {
    const inst = this.get(group, instance);
    this.instances.delete(`${group}\u0000${instance}`);
    await inst.close();
  }

  /** A read with the real timing: wait out the whole window unless max bytes or fetch.min.bytes end it early. */
  async read(
    inst: ConsumerInstance,
    timeoutParam: number | undefined,
    maxBytesParam: number | undefined,
  ): Promise<BufferedRecord[]> {
    if (!inst.hasTarget()) throw internalServerError();
    const configured = inst.config.requestWaitMs ?? this.settings.consumerRequestTimeoutMs;
    const wait = timeoutParam !== undefined && timeoutParam > 0 ? Math.min(timeoutParam, configured) : configured;
    const cap = Math.min(this.settings.consumerRequestMaxBytes, MAX_READ_BYTES);
    const maxBytes = maxBytesParam !== undefined && maxBytesParam > 0 ? Math.min(maxBytesParam, cap) : cap;
    const deadline = Date.now() + wait;
    const out: BufferedRecord[] = [];
    let bytes = 0;
    for (;;) {
      inst.poll();
      const r = inst.take(out, bytes, maxBytes);
      bytes = r.bytes;
      if (r.done) break;
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise((res) => setTimeout(res, Math.min(this.settings.consumerIteratorBackoffMs, left)));
    }
    inst.touch();
    return out;
  }

  async commit(inst: ConsumerInstance, offsets: Array<TopicPartition & { offset: bigint }> | undefined): Promise<void> {
    const list =
      offsets?.map((o) => ({ ...o, offset: o.offset + 1n })) ??
      [...inst.positions].map(([k, offset]) => {
        const [topic = "", partition = "0"] = k.split("\u0000");
        return { topic, partition: Number(partition), offset };
      });
    if (list.length === 0) return;
    await this.backend.ready();
    if (!(await inst.commit(list))) {
      const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
      for (const o of list)
        byTopic.set(o.topic, [
          ...(byTopic.get(o.topic) ?? []),
          { partition: o.partition, offset: o.offset.toString() },
        ]);
      for (const [topic, partitions] of byTopic)
        await this.backend.admin.setOffsets({ groupId: inst.group, topic, partitions });
    }
  }

  async committed(
    inst: ConsumerInstance,
    partitions: TopicPartition[],
  ): Promise<Array<TopicPartition & { offset: string }>> {
    await this.backend.ready();
    const topics = [...new Set(partitions.map((p) => p.topic))];
    const res = await this.backend.admin.fetchOffsets({ groupId: inst.group, topics });
    const found = new Map<string, string>();
    for (const t of res) for (const p of t.partitions) found.set(tpKey(t.topic, p.partition), p.offset);
    const out: Array<TopicPartition & { offset: string }> = [];
    for (const p of partitions) {
      const o = found.get(tpKey(p.topic, p.partition));
      if (o !== undefined && o !== "-1") out.push({ ...p, offset: o });
    }
    return out;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.instances.values()];
    this.instances.clear();
    await Promise.allSettled(all.map((i) => i.close()));
  }
}
