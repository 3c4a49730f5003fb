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

describe("the emulator's part of a run's report", () => {
  const run: CheckReport = {
    ...report,
    findings: [
      {
        severity: "error",
        code: "EMULATOR_UNKNOWN_STAGE",
        message: 'the emulator calls stage "dev", but the deployed stage is "prod"',
        fix: "pass --stage dev",
      },
    ],
    emulator: {
      command: "python3 main.py",
      cwd: "/home/me/project",
      stoppedBy: "duration",
      stopStep: "SIGINT",
      exitCode: null,
      accepted: 0,
      found: ["stage prod (pinned by --stage)", "user id 0a1b2c3d4e5f (from main.py:3, topic name)"],
      outputTail: ["u.pin 403", "<b>"],
    },
  };

  it("says how it ran, what was found, the cause with its fix and its last lines, for a terminal", () => {
    const text = reportText(run);
    expect(text.startsWith("emulator: python3 main.py (in /home/me/project) stopped (duration) after 0 accepted")).toBe(
      true,
    );
    expect(text).toContain("\n  stage prod (pinned by --stage)\n");
    expect(text).toContain(
      '✗ EMULATOR_UNKNOWN_STAGE: the emulator calls stage "dev", but the deployed stage is "prod"\n      fix: pass --stage dev',
    );
    expect(text).toContain("  its last lines:\n  | u.pin 403\n  | <b>\n");
  });

  it("and in the HTML page, escaped", () => {
    const html = reportHtml(run);
    expect(html).toContain("<code>python3 main.py</code> in <code>/home/me/project</code>: stopped (duration)");
    expect(html).toContain("<br>fix: pass --stage dev");
    expect(html).toContain("<details open><summary>Its last lines</summary><pre>u.pin 403\n&lt;b&gt;</pre>");
  });
});
