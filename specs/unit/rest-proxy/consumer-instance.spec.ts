import { describe, expect, it } from "vitest";
import type { Kafka } from "kafkajs";
import {
  ConsumerInstance,
  type BufferedRecord,
  type InstanceConfig,
} from "../../../harness/components/rest-proxy/consumer-instance.ts";
import { silentLogger } from "../../../harness/components/rest-proxy/log.ts";

type Handler = (event: { payload: unknown }) => void;

/** Just enough of a kafkajs consumer to drive the wrapper: events, run's eachBatch, seeks. */
class FakeConsumer {
  readonly events = { GROUP_JOIN: "group_join", CRASH: "crash" };
  readonly handlers = new Map<string, Handler[]>();
  readonly seeks: Array<{ topic: string; partition: number; offset: string }> = [];
  readonly resolved: string[] = [];
  eachBatch: ((payload: unknown) => Promise<void>) | undefined;
  running = false;
  disconnected = false;

  on(event: string, handler: Handler): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }
  emit(event: string, payload: unknown): void {
    for (const h of this.handlers.get(event) ?? []) h({ payload });
  }
  async connect(): Promise<void> {}
  async subscribe(): Promise<void> {}
  async run(options: { eachBatch: (payload: unknown) => Promise<void> }): Promise<void> {
    this.eachBatch = options.eachBatch;
    this.running = true;
  }
  seek(s: { topic: string; partition: number; offset: string }): void {
    this.seeks.push(s);
  }
  async disconnect(): Promise<void> {
    this.running = false;
    this.disconnected = true;
  }

  /** Hands kafkajs-style batch of `offsets` to the wrapper; resolves when the wrapper lets go of it. */
  batch(topic: string, partition: number, offsets: number[]): Promise<void> {
    return this.eachBatch!({
      batch: {
        topic,
        partition,
        messages: offsets.map((o) => ({ offset: String(o), key: null, value: Buffer.from(`v${o}`) })),
      },
      isStale: () => false,
      isRunning: () => this.running,
      heartbeat: async () => {},
      resolveOffset: (o: string) => this.resolved.push(o),
      commitOffsetsIfNecessary: async () => {},
    });
  }
}

function fixture(): { inst: ConsumerInstance; consumers: FakeConsumer[] } {
  const consumers: FakeConsumer[] = [];
  const kafka = {
    consumer: () => {
      const c = new FakeConsumer();
      consumers.push(c);
      return c;
    },
  } as unknown as Kafka;
  const config: InstanceConfig = {
    format: "binary",
    autoOffsetReset: "earliest",
    autoCommit: true,
    fetchMinBytes: -1,
    requestWaitMs: undefined,
  };
  return { inst: new ConsumerInstance("g", "i", config, kafka, silentLogger), consumers };
}

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

function drain(inst: ConsumerInstance): number[] {
  const out: BufferedRecord[] = [];
  inst.take(out, 0, 0);
  return out.map((r) => Number(r.offset));
}

describe("consumer instance", () => {
  it("joins on the first poll, not on subscribe (as Java's lazy join)", async () => {
    const { inst, consumers } = fixture();
    inst.subscribe(["t"], undefined);
    await tick();
    expect(consumers).toHaveLength(0);
    inst.poll();
    await tick();
    expect(consumers).toHaveLength(1);
    expect(consumers[0]!.running).toBe(true);
    await inst.close();
  });

  it("after a crash, restarts from the delivered positions without delivering a record twice", async () => {
    const { inst, consumers } = fixture();
    inst.subscribe(["t"], undefined);
    inst.poll();
    await tick();
    const first = consumers[0]!;
    first.emit(first.events.GROUP_JOIN, { memberAssignment: { t: [0] } });
    const held = first.batch("t", 0, [0, 1, 2]);
    expect(drain(inst)).toEqual([0, 1, 2]);
    await held;
    expect(first.resolved).toEqual(["2"]);

    // Fetched but not yet read when the consumer crashes: these must come again from the next consumer.
    const pending = first.batch("t", 0, [3, 4]);
    first.emit(first.events.CRASH, { error: new Error("coordinator loading"), restart: false });
    await tick();
    expect(first.disconnected).toBe(true);
    expect(drain(inst)).toEqual([]);
    first.running = false;
    await pending;

    // The restart waits out a backoff, then carries position 3 over as a seek.
    inst.poll();
    await tick();
    expect(consumers).toHaveLength(1);
    await tick(300);
    inst.poll();
    await tick();
    expect(consumers).toHaveLength(2);
    const second = consumers[1]!;
    expect(second.seeks).toEqual([{ topic: "t", partition: 0, offset: "3" }]);
    second.emit(second.events.GROUP_JOIN, { memberAssignment: { t: [0] } });
    const again = second.batch("t", 0, [3, 4]);
    expect(drain(inst)).toEqual([3, 4]);
    await again;
    await inst.close();
  });

  it("keeps a seek made before the consumer runs and applies it when it starts", async () => {
    const { inst, consumers } = fixture();
    inst.assign([{ topic: "t", partition: 1 }]);
    inst.seek("t", 1, 7n);
    inst.poll();
    await tick();
    expect(consumers[0]!.seeks).toEqual([{ topic: "t", partition: 1, offset: "7" }]);
    await inst.close();
  });
});
