import { describe, expect, it } from "vitest";
import { objectKey, parseObjectKey } from "../../../harness/check/object-keys.ts";
import { checkPartitionStructure, checkStructure } from "../../../harness/check/structure.ts";
import type { SinkObject } from "../../../harness/check/types.ts";
import { sinkObject } from "./sink-objects.ts";

const TOPIC = "0a1b2c3d4e5f.pin";

const object = (startOffset: number, lines: string[], extra: Partial<SinkObject> = {}): SinkObject =>
  sinkObject(TOPIC, startOffset, lines, extra);

const codes = (objects: SinkObject[], flushSize?: number): string[] =>
  checkPartitionStructure(TOPIC, 0, objects, { flushSize }).findings.map((f) => f.code);

describe("sink object keys", () => {
  it("reads and writes the default partitioner's keys", () => {
    const key = "topics/0a1b2c3d4e5f.pin/partition=0/0a1b2c3d4e5f.pin+0+0000000042.json";
    expect(objectKey("topics", TOPIC, 0, 42)).toBe(key);
    expect(parseObjectKey(key)).toEqual({
      topicsDir: "topics",
      topic: TOPIC,
      partition: 0,
      startOffset: 42,
      extension: "json",
    });
    expect(parseObjectKey("topics/t/partition=2/t+2+12345678901.json.gz")).toMatchObject({
      startOffset: 12345678901,
      extension: "json.gz",
    });
  });

  it("refuses keys whose file name disagrees with its folders", () => {
    expect(parseObjectKey("topics/a.pin/partition=0/b.pin+0+0000000000.json")).toBeUndefined();
    expect(parseObjectKey("topics/a.pin/partition=1/a.pin+0+0000000000.json")).toBeUndefined();
    expect(parseObjectKey("topics/a.pin/partition=0/a.pin+0+42.json")).toBeUndefined();
  });
});

describe("partition structure", () => {
  it("passes contiguous objects of flush.size records each", () => {
    const report = checkPartitionStructure(TOPIC, 0, [object(1, ['{"b":2}']), object(0, ['{"a":1}'])], {
      flushSize: 1,
    });
    expect(report).toMatchObject({ objects: 2, records: 2, firstOffset: 0, lastOffset: 1, findings: [] });
  });

  it("finds a gap (lost records) and an overlap (records written twice)", () => {
    expect(codes([object(0, ["{}"]), object(2, ["{}"])])).toEqual(["GAP"]);
    expect(codes([object(0, ["{}", "{}"]), object(1, ["{}"])])).toEqual(["OVERLAP"]);
  });

  it("holds objects to flush.size unless time rotation may close them early", () => {
    expect(codes([object(0, ["{}", "{}"])], 1)).toEqual(["FLUSH_SIZE"]);
    expect(codes([object(0, ["{}"])], 2)).toEqual(["FLUSH_SIZE"]);
    expect(
      checkPartitionStructure(TOPIC, 0, [object(0, ["{}"])], { flushSize: 2, timeRotation: true }).findings,
    ).toEqual([]);
  });

  it("finds bodies the JSON format would never write", () => {
    expect(codes([object(0, ["{}"], { endsWithNewline: false })])).toEqual(["NO_NEWLINE"]);
    expect(codes([object(0, ["{'a': 1}"])])).toEqual(["NOT_JSON"]);
    expect(codes([object(0, [])])).toEqual(["EMPTY"]);
  });

  it("groups objects by topic and partition", () => {
    const geo = { ...object(0, ["{}"]), topic: "x.geo", key: objectKey("topics", "x.geo", 0, 0) };
    expect(checkStructure([object(0, ["{}"]), geo]).map((p) => p.topic)).toEqual([TOPIC, "x.geo"]);
  });
});
