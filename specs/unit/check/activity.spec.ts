import { describe, expect, it } from "vitest";
import type { Ack, Refusal } from "../../../harness/check/acks.ts";
import { partitionActivity, recordDelays, runStartMs, s3TimeResolutionMs } from "../../../harness/check/activity.ts";
import { sinkObject } from "./sink-objects.ts";

const START = Date.parse("2026-01-01T00:00:00.000Z");
const at = (ms: number): string => new Date(START + ms).toISOString();
const TOPIC = "u.pin";

const ack = (offset: number, requestId: string, ms: number): Ack => ({
  topic: TOPIC,
  partition: 0,
  offset,
  value: {},
  requestId,
  time: at(ms),
  latencyMs: 20,
});

const refusal = (requestId: string, ms: number, status: number): Refusal => ({
  topic: TOPIC,
  call: `POST /prod/topics/${TOPIC}`,
  status,
  errorCode: null,
  message: "refused",
  requestId,
  time: at(ms),
  latencyMs: 5,
});

describe("a partition's activity on the run's clock", () => {
  it("starts the clock at the earliest time known, and ignores what has none", () => {
    expect(runStartMs([at(500), undefined, at(100), "not a time"])).toBe(START + 100);
    expect(runStartMs([undefined])).toBeUndefined();
  });

  it("knows S3's clock for whole seconds only when every LastModified is one", () => {
    const whole = sinkObject(TOPIC, 0, ["{}"], { lastModified: at(2000) });
    const fine = sinkObject(TOPIC, 1, ["{}"], { lastModified: at(2345) });
    expect(s3TimeResolutionMs([whole])).toBe(1000);
    expect(s3TimeResolutionMs([whole, fine])).toBe(1);
    expect(s3TimeResolutionMs([sinkObject(TOPIC, 0, ["{}"])])).toBe(1);
  });

  it("groups records by call, keeps refused calls, places objects, and bounds each record's delay to S3", () => {
    const activity = partitionActivity({
      acks: [ack(0, "r1", 100), ack(1, "r1", 100), ack(2, "r3", 900)],
      refusals: [refusal("r2", 400, 403)],
      objects: [
        sinkObject(TOPIC, 2, ["{}"], { lastModified: at(2000) }),
        sinkObject(TOPIC, 0, ["{}", "{}"], { lastModified: at(1000) }),
      ],
      startMs: START,
      s3ResolutionMs: 1000,
    });
    expect(activity.requests).toEqual([
      { requestId: "r1", atMs: 100, latencyMs: 20, status: 200, offsets: [0, 1], refused: 0 },
      { requestId: "r2", atMs: 400, latencyMs: 5, status: 403, offsets: [], refused: 1 },
      { requestId: "r3", atMs: 900, latencyMs: 20, status: 200, offsets: [2], refused: 0 },
    ]);
    expect(activity.objects.map((o) => [o.startOffset, o.records, o.writtenMs])).toEqual([
      [0, 2, 1000],
      [2, 1, 2000],
    ]);
    // Written within the second after LastModified: at most 1000 + 1000 - 120 ms after acceptance.
    expect(recordDelays(activity, 1000)).toEqual([
      { offset: 0, acceptedMs: 120, delayMs: 1880 },
      { offset: 1, acceptedMs: 120, delayMs: 1880 },
      { offset: 2, acceptedMs: 920, delayMs: 2080 },
    ]);
    expect(activity.delayMs).toEqual({ median: 1880, max: 2080 });
  });

  it("has no delay while no acknowledged record is in S3, and objects without a time stay untimed", () => {
    const activity = partitionActivity({
      acks: [ack(5, "r1", 0)],
      refusals: [],
      objects: [sinkObject(TOPIC, 0, ["{}"])],
      startMs: START,
      s3ResolutionMs: 1,
    });
    expect(activity.delayMs).toBeUndefined();
    expect(activity.objects[0]?.writtenMs).toBeUndefined();
  });
});
