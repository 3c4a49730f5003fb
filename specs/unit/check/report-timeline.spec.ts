import { describe, expect, it } from "vitest";
import { partitionActivity } from "../../../harness/check/activity.ts";
import { reportHtml } from "../../../harness/check/report-html.ts";
import { timelineSummary, timelineSvg } from "../../../harness/check/report-timeline-svg.ts";
import { timelineFrame } from "../../../harness/check/timeline-layout.ts";
import { COLOURS } from "../../../harness/check/timeline-style.ts";
import type { Ack } from "../../../harness/check/acks.ts";
import type { CheckReport, PartitionReport } from "../../../harness/check/types.ts";
import { sinkObject } from "./sink-objects.ts";

const START = Date.parse("2026-01-01T00:00:00.000Z");
const at = (ms: number): string => new Date(START + ms).toISOString();
const TOPIC = "u.pin";

const ack = (offset: number, ms: number): Ack => ({
  topic: TOPIC,
  partition: 0,
  offset,
  value: {},
  requestId: `r${offset}`,
  time: at(ms),
  latencyMs: 10,
});

// Offsets 0..3 acknowledged; 0..1 in one object, 3 in one whose name is odd; 2 in none; 9 only in a finding.
const strangeKey = sinkObject(TOPIC, 3, ["{}"], {
  key: 'topics/u.pin/partition=0/<&"odd">.json',
  lastModified: at(3000),
});
const activity = partitionActivity({
  acks: [ack(0, 100), ack(1, 600), ack(2, 1100), ack(3, 1600)],
  refusals: [
    {
      topic: TOPIC,
      call: "POST /prod/topics/u.pin",
      status: 403,
      errorCode: null,
      message: "Forbidden",
      requestId: "bad",
      time: at(800),
      latencyMs: 2,
    },
  ],
  objects: [sinkObject(TOPIC, 0, ["{}", "{}"], { lastModified: at(2000) }), strangeKey],
  startMs: START,
  s3ResolutionMs: 1000,
});

const failing: PartitionReport = {
  topic: TOPIC,
  partition: 0,
  objects: 2,
  records: 3,
  kafkaRecords: 4,
  acknowledged: 4,
  pending: 0,
  activity,
  findings: [
    { severity: "error", code: "MISSING_IN_S3", message: "in the Kafka log but in no S3 object", where: "offset 2" },
    { severity: "error", code: "GAP", message: "offsets 2..2 are in no object", where: strangeKey.key },
    {
      severity: "error",
      code: "NOT_IN_KAFKA",
      message: "offset 9 is in S3 but not in the Kafka log",
      where: "offset 9",
    },
  ],
};

const quiet: PartitionReport = {
  topic: "u.geo",
  partition: 0,
  objects: 0,
  records: 0,
  findings: [],
  activity: { requests: [], objects: [] },
};

const report: CheckReport = {
  ok: false,
  bucket: "user-u-bucket",
  prefix: "topics/",
  runStart: at(0),
  s3TimeResolutionMs: 1000,
  partitions: [failing, quiet],
  findings: [],
};

/** Tags open and close in order, attributes are quoted, and no bare `<` or `&` is left in text. */
function expectWellFormed(markup: string): void {
  const open: string[] = [];
  const text = markup.replace(
    /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g,
    (_, close, name, _attrs, self) => {
      if (close) expect(open.pop(), `</${name}>`).toBe(name);
      else if (!self) open.push(name);
      return "";
    },
  );
  expect(open).toEqual([]);
  expect(text).not.toMatch(/[<>]/);
  expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
}

const pictures = (html: string): string[] => html.match(/<svg class="timeline"[\s\S]*?<\/svg>/g) ?? [];

describe("the picture of a partition's run", () => {
  const svg = timelineSvg(failing, timelineFrame(report));

  it("is well-formed SVG with an axis in seconds, and every text escaped", () => {
    expectWellFormed(svg);
    expect(svg.startsWith('<svg class="timeline" viewBox="0 0 960 292"')).toBe(true);
    for (const tick of ["0 s", "1 s", "2 s", "3 s", "4 s"]) expect(svg).toContain(`>${tick}</text>`);
    expect(svg).toContain("&lt;&amp;&quot;odd&quot;&gt;");
    expect(svg).not.toContain('<&"odd">');
  });

  it("marks what failed: the refused call, the record in no object, the object a finding names, an untimed offset", () => {
    expect(svg).toMatch(new RegExp(`<path [^>]*stroke="${COLOURS["4xx"]}"[^>]*><title>request bad at 0.8 s: HTTP 403`));
    expect(svg).toMatch(/<path [^>]*><title>offset 2, accepted at 1.11 s\nMISSING_IN_S3: /);
    expect(svg).toMatch(
      new RegExp(`<rect [^>]*fill="${COLOURS.objectMarked}"[^>]*><title>topics/u.pin/partition=0/&lt;`),
    );
    expect(svg).toMatch(/<path [^>]*><title>offset 9 \(no time known\)\nNOT_IN_KAFKA: /);
    expect(svg).toMatch(/<circle [^>]*><title>request r0 at 0.1 s: HTTP 200 after 10 ms → offsets 0–0<\/title>/);
  });

  it("draws each record's delay to S3, an upper bound on the second-long S3 clock", () => {
    // Offset 0: accepted at 0.11 s, in an object of LastModified 2 s, so in S3 before 3 s.
    expect(svg).toContain("<title>offset 0: in S3 at most 2.89 s after it was accepted</title>");
    expect(timelineSummary(failing)).toBe(
      "5 calls (1 failed), 2 objects; acceptance to S3: median ≤ 2.39 s, max ≤ 2.89 s",
    );
  });

  it("draws a long run evenly over its length, and every failure in it", () => {
    const calls = Array.from({ length: 5000 }, (_, i) => ({
      requestId: `c${i}`,
      atMs: i * 10,
      latencyMs: 1,
      status: i === 3333 ? 500 : 200,
      offsets: i === 3333 ? [] : [i],
      refused: i === 3333 ? 1 : 0,
    }));
    const whole = { key: "k", startOffset: 0, records: 5000, writtenMs: 50_000 };
    const long: PartitionReport = { ...quiet, activity: { requests: calls, objects: [whole] } };
    const drawn = timelineSvg(long, timelineFrame({ ...report, partitions: [long] }));
    expectWellFormed(drawn);
    expect(drawn).toContain("<title>request c3333 at 33.3 s: HTTP 500 after 1 ms, 1 refused</title>");
    expect(drawn).toContain("<title>request c4998 at ");
    expect(drawn).not.toContain("<title>request c4999 at");
    expect(drawn.match(/<title>request /g)?.length).toBeLessThanOrEqual(2001);
    expect(drawn).toContain("2000 marks of each kind drawn evenly over it, and every failure");
  });

  it("says so when nothing in the partition has a time", () => {
    const empty = timelineSvg(quiet, timelineFrame(report));
    expectWellFormed(empty);
    expect(empty).toContain("no call and no object of this partition has a time");
  });
});

describe("the HTML report's pictures", () => {
  const html = reportHtml(report, new Date("2026-01-01T00:01:00Z"));

  it("draw one picture per partition, on one time axis, with a legend and a caption each", () => {
    const drawn = pictures(html);
    expect(drawn).toHaveLength(2);
    for (const picture of drawn) expectWellFormed(picture);
    expect(html).toContain('<p class="legend">0 s is 2026-01-01T00:00:00.000Z. S3 gives its times to the second');
    expect(html).toContain("<figcaption>5 calls (1 failed), 2 objects;");
    expect(html).toContain("<figcaption>0 calls (0 failed), 0 objects</figcaption>");
  });

  it("are self-contained: no script, nothing fetched, no address at all", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/https?:/i);
  });

  it("show the meaning of a finding's code on hover", () => {
    expect(html).toContain('<b title="a record in Kafka is in no S3 object, beyond the fewer than flush.size');
  });

  it("are left out for a report without times, as from an older run", () => {
    const untimed = reportHtml({ ...report, runStart: undefined, partitions: [{ ...quiet, activity: undefined }] });
    expect(pictures(untimed)).toEqual([]);
    expect(untimed).not.toContain('class="legend"');
  });
});
