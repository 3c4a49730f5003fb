import { describe, expect, it } from "vitest";
import { reportHtml } from "../../../harness/check/report-html.ts";
import { reportText } from "../../../harness/check/report-text.ts";
import type { CheckReport } from "../../../harness/check/types.ts";

const kafkaOnly: CheckReport = {
  ok: true,
  bucket: "user-u-bucket",
  prefix: "topics/",
  findings: [],
  partitions: [
    {
      topic: "u.pin",
      partition: 0,
      objects: 1,
      records: 1,
      kafkaRecords: 1,
      acknowledged: 1,
      pending: 0,
      findings: [],
    },
  ],
};

const both: CheckReport = {
  ...kafkaOnly,
  ok: false,
  streams: [
    {
      stream: "streaming-u-pin",
      shardId: "shardId-000000000000",
      acknowledged: 3,
      records: 2,
      findings: [
        {
          severity: "error",
          code: "ACK_NOT_IN_STREAM",
          message: "acknowledged but not in the shard",
          where: "sequence number 1",
        },
      ],
    },
    { stream: "streaming-u-geo", shardId: "shardId-000000000000", acknowledged: 3, records: 3, findings: [] },
  ],
};

describe("the report's streaming half", () => {
  it("is a table of streams and shards beside the partitions' for a terminal, with each shard's findings", () => {
    const text = reportText(both);
    expect(text).toContain("kinesis streams\nstream");
    expect(text).toMatch(/streaming-u-pin\s+shardId-000000000000\s+3\s+2\s+FAIL/);
    expect(text).toMatch(/streaming-u-geo\s+shardId-000000000000\s+3\s+3\s+ok\n/);
    expect(text).toContain(
      "✗ streaming-u-pin/shardId-000000000000 ACK_NOT_IN_STREAM: acknowledged but not in the shard (sequence number 1)",
    );
    expect(text.trimEnd().endsWith("some checks failed")).toBe(true);
    expect(reportText({ ...both, ok: true, streams: both.streams?.slice(1) }).trimEnd()).toMatch(
      /every partition and shard checks out$/,
    );
  });

  it("is not there at all when the run used the topics only", () => {
    const text = reportText(kafkaOnly);
    expect(text).not.toContain("kinesis");
    expect(text.trimEnd().endsWith("every partition checks out")).toBe(true);
    const html = reportHtml(kafkaOnly, new Date("2026-01-01T00:00:00Z"));
    expect(html).not.toContain("Kinesis");
    expect(html).toContain('<h1 class="ok">Every partition checks out</h1>');
  });

  it("says nothing of missing partitions when the run used the streams only", () => {
    const text = reportText({ ...both, partitions: [] });
    expect(text).toContain("s3://user-u-bucket/topics/: no partition has objects under this prefix\n\nkinesis streams");
    expect(text).not.toContain("! no partition");
    expect(reportText({ ...kafkaOnly, partitions: [] })).toContain("  ! no partition has objects under this prefix");
  });

  it("is a section of the HTML page with a row per shard and the findings of each", () => {
    const html = reportHtml(both, new Date("2026-01-01T00:00:00Z"));
    expect(html).toContain("<h2>Kinesis streams</h2>");
    expect(html).toContain(
      '<tr><td>streaming-u-pin</td><td>shardId-000000000000</td><td>3</td><td>2</td><td class="error">FAIL</td></tr>',
    );
    expect(html).toMatch(
      /<h3 class="error">streaming-u-pin \/ shardId-000000000000<\/h3><ul><li class="error"><b title="[^"]+">ACK_NOT_IN_STREAM<\/b>/,
    );
  });
});
