import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  makeConverter,
  BYTE_ARRAY_CONVERTER,
  JSON_CONVERTER,
  STRING_CONVERTER,
} from "../../../harness/components/sink/converters.ts";
import { PartitionWriter, type WriterSettings } from "../../../harness/components/sink/partition-writer.ts";
import { buildPartitioner } from "../../../harness/components/sink/partitioners/index.ts";
import { jsonFormat } from "../../../harness/components/sink/format/json.ts";
import { byteArrayFormat } from "../../../harness/components/sink/format/bytearray.ts";
import type { SinkRecord } from "../../../harness/components/sink/records.ts";
import { HOURLY, T1325, T1339, T1400 } from "../../support/hourly.ts";

const json = makeConverter(JSON_CONVERTER, { "schemas.enable": "false" });
const str = makeConverter(STRING_CONVERTER, {});
const bytes = makeConverter(BYTE_ARRAY_CONVERTER, {});

function record(
  offset: number,
  value: string,
  opts: { ts?: number; key?: string | null; conv?: typeof json } = {},
): SinkRecord {
  const v = Buffer.from(value);
  const k = opts.key === undefined || opts.key === null ? null : Buffer.from(opts.key);
  return {
    raw: { topic: "ev", partition: 0, offset, timestamp: opts.ts ?? null, key: k, value: v, headers: [] },
    key: str(k),
    value: (opts.conv ?? json)(v),
    headers: [],
  };
}

function settings(over: Partial<WriterSettings> & { partitionerConfig?: Record<string, string> } = {}): WriterSettings {
  const { partitionerConfig, ...rest } = over;
  return {
    layout: { topicsDir: "topics", directoryDelim: "/", fileDelim: "+", padWidth: 10 },
    format: jsonFormat(),
    gzip: false,
    gzipLevel: -1,
    flushSize: 3,
    rotateIntervalMs: -1,
    rotateScheduleIntervalMs: -1,
    zone: undefined,
    partitioner: buildPartitioner(partitionerConfig ?? {}, "/"),
    storeKeys: undefined,
    storeHeaders: false,
    ...rest,
  };
}

function harness(s: WriterSettings, reporter?: (r: SinkRecord, e: Error) => Promise<void>) {
  const objects = new Map<string, Buffer>();
  const w = new PartitionWriter("ev", 0, s, { put: async (k, b) => void objects.set(k, b) }, reporter, 0);
  return { objects, w };
}

const P = "topics/ev/partition=0/ev+0+";

describe("PartitionWriter", () => {
  it("rotates on flush.size and commits past the last upload (checklist 1)", async () => {
    const { objects, w } = harness(settings());
    await w.write(
      Array.from({ length: 7 }, (_, i) => record(i, `{"i":${i}}`)),
      0,
    );
    expect([...objects.keys()]).toEqual([`${P}0000000000.json`, `${P}0000000003.json`]);
    expect(objects.get(`${P}0000000003.json`)?.toString()).toBe('{"i":3}\n{"i":4}\n{"i":5}\n');
    expect(w.takeCommit()).toBe(6);
    expect(w.takeCommit()).toBeUndefined();
    expect(w.lowestOpenOffset()).toBe(6);
  });

  it("gzips whole files (checklist 17)", async () => {
    const { objects, w } = harness(settings({ gzip: true }));
    await w.write(
      [0, 1, 2].map((i) => record(i, `{"i":${i}}`)),
      0,
    );
    expect(gunzipSync(objects.get(`${P}0000000000.json.gz`) as Buffer).toString()).toBe('{"i":0}\n{"i":1}\n{"i":2}\n');
  });

  it("writes a keys sibling and fails on a null key (checklist 18)", async () => {
    const { objects, w } = harness(settings({ flushSize: 1, storeKeys: jsonFormat() }));
    await w.write([record(0, '{"a":1}', { key: "k1" })], 0);
    expect(objects.get(`${P}0000000000.keys.json`)?.toString()).toBe('"k1"\n');
    await expect(w.write([record(1, '{"a":1}', { key: null })], 0)).rejects.toThrow(
      /Key cannot be null for SinkRecord/,
    );
  });

  it("uploads every encoded partition on a size flush (checklist 20)", async () => {
    const { objects, w } = harness(settings({ partitionerConfig: HOURLY }));
    await w.write([record(0, "{}", { ts: T1325 }), record(1, "{}", { ts: T1400 }), record(2, "{}", { ts: T1339 })], 0);
    expect([...objects.keys()].sort()).toEqual([
      "topics/ev/year=2024/month=01/day=05/hour=13/ev+0+0000000000.json",
      "topics/ev/year=2024/month=01/day=05/hour=14/ev+0+0000000001.json",
    ]);
    expect(objects.get("topics/ev/year=2024/month=01/day=05/hour=13/ev+0+0000000000.json")?.toString()).toBe(
      "{}\n{}\n",
    );
    expect(w.takeCommit()).toBe(3);
  });

  it("rotates on time before writing the trigger record (checklist 21)", async () => {
    const { objects, w } = harness(settings({ partitionerConfig: HOURLY, rotateIntervalMs: 3_600_000 }));
    await w.write([record(0, "{}", { ts: T1325 }), record(1, "{}", { ts: T1400 }), record(2, "{}", { ts: T1339 })], 0);
    expect([...objects.keys()]).toEqual([
      "topics/ev/year=2024/month=01/day=05/hour=13/ev+0+0000000000.json",
      "topics/ev/year=2024/month=01/day=05/hour=14/ev+0+0000000001.json",
    ]);
    expect(w.takeCommit()).toBe(2);
    expect(w.lowestOpenOffset()).toBe(2);
  });

  it("writes raw bytes with the separator after every record (checklist 22)", async () => {
    const { objects, w } = harness(settings({ format: byteArrayFormat(".bin", "|") }));
    await w.write(
      ["a", "b", "c"].map((v, i) => record(i, v, { conv: bytes })),
      0,
    );
    expect(objects.get(`${P}0000000000.bin`)?.toString()).toBe("a|b|c|");
  });

  it("reports ByteArrayFormat mismatches and never counts them", async () => {
    const reported: string[] = [];
    const { objects, w } = harness(settings({ format: byteArrayFormat(".bin", "\n"), flushSize: 1 }), async (_r, e) => {
      reported.push(e.message);
    });
    await w.write([record(0, "x", { conv: str }), record(1, '{"a":1}')], 0);
    expect(reported).toEqual([
      "Invalid schema type for ByteArrayConverter: STRING",
      "ByteArrayConverter is not compatible with objects of type class java.util.HashMap",
    ]);
    expect(objects.size).toBe(0);
  });

  it("sends FieldPartitioner failures to the reporter (checklist 24)", async () => {
    const reported: string[] = [];
    const { objects, w } = harness(
      settings({
        partitionerConfig: {
          "partitioner.class": "io.confluent.connect.storage.partitioner.FieldPartitioner",
          "partition.field.name": "a",
        },
      }),
      async (_r, e) => void reported.push(e.message),
    );
    await w.write([record(0, '{"a":1}'), record(1, '{"a":2}')], 0);
    expect(reported).toEqual(["Error encoding partition.", "Error encoding partition."]);
    expect(objects.size).toBe(0);
    expect(w.takeCommit()).toBeUndefined();
  });

  it("replays to identical keys and bytes after an abort", async () => {
    const first = harness(settings());
    const input = Array.from({ length: 7 }, (_, i) => record(i, `{"b":${i},"a":"x"}`));
    await first.w.write(input, 0);
    const second = harness(settings());
    await second.w.write(input.slice((first.w.takeCommit() as number) - 6), 0);
    expect([...second.objects]).toEqual([...first.objects]);
  });
});
