import { describe, expect, it } from "vitest";
import { reportHtml } from "../../../harness/check/report-html.ts";
import { reportText } from "../../../harness/check/report-text.ts";
import type { CheckReport } from "../../../harness/check/types.ts";

const report: CheckReport = {
  ok: false,
  bucket: "user-u-bucket",
  prefix: "topics/",
  findings: [{ severity: "error", code: "REFUSED", message: "1 call(s) refused (POST /dev/topics/u.pin): HTTP 403" }],
  partitions: [
    {
      topic: "u.pin",
      partition: 0,
      objects: 1,
      records: 1,
      kafkaRecords: 1,
      acknowledged: 1,
      pending: 0,
      keys: [{ key: "topics/u.pin/partition=0/u.pin+0+0000000000.json", startOffset: 0, records: 1 }],
      timeline: [{ time: "2026-01-01T00:00:00.000Z", requestId: "req-1", offset: 0, key: undefined }],
      findings: [
        {
          severity: "error",
          code: "BYTES_DIFFER",
          message: "offset 0 differs",
          where: "topics/u.pin/partition=0/u.pin+0+0000000000.json",
          expected: '{"b":1,"a":"<x>"}',
          actual: '{"a":"<x>","b":1}',
        },
      ],
    },
  ],
};

describe("reports", () => {
  it("prints a row per partition and each finding for a terminal", () => {
    const text = reportText(report);
    expect(text).toMatch(/u\.pin\s+0\s+1\s+1\s+1\s+1\s+0\s+FAIL/);
    expect(text).toContain("✗ u.pin/0 BYTES_DIFFER: offset 0 differs");
    expect(text).toContain("✗ REFUSED: 1 call(s) refused (POST /dev/topics/u.pin): HTTP 403");
    expect(text.trimEnd().endsWith("some checks failed")).toBe(true);
  });

  it("renders the HTML page with differences side by side, escaped, and records that reached no object", () => {
    const html = reportHtml(report, new Date("2026-01-01T00:00:00Z"));
    expect(html).toContain('<h1 class="error">Some checks failed</h1>');
    expect(html).toContain('<div class="diff"><pre>{&quot;b&quot;:1,&quot;a&quot;:&quot;&lt;x&gt;&quot;}</pre>');
    expect(html).toContain('<span class="error">in no object</span>');
    expect(html).not.toContain('"<x>"');
  });
});
