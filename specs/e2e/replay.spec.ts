import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport, PartitionReport } from "../../harness/check/types.ts";
import { runJob } from "../../harness/job.ts";
import { pinpipe } from "../support/emulator-folders.ts";

/** What a replay must reproduce of each partition: where the records went, and what was found there. */
const outcome = (p: PartitionReport) => ({
  topic: p.topic,
  partition: p.partition,
  objects: p.objects,
  records: p.records,
  kafkaRecords: p.kafkaRecords,
  acknowledged: p.acknowledged,
  pending: p.pending,
  findings: p.findings.map((f) => f.code),
});

describe("pinpipe run --record, then pinpipe replay", () => {
  it("sends the recorded requests to a fresh stack and gets the same report for every partition", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-replay-"));
    const journal = join(dir, "recorded", "journal.jsonl");
    const recorded = await runJob({
      records: 12,
      record: journal,
      stateDir: join(dir, "run"),
      progress: () => {},
    });
    expect(recorded.ok).toBe(true);
    const requests = readFileSync(journal, "utf8").trim().split("\n").length;
    expect(requests).toBeGreaterThanOrEqual(12);

    const { code, stdout, stderr } = await pinpipe(["replay", journal, "--json"], dir);
    expect(code, stderr).toBe(0);
    const replayed = JSON.parse(stdout) as CheckReport;
    expect(replayed.replay).toMatchObject({ sent: requests, statusChanges: {}, failed: 0, truncated: 0 });
    // Same user id, so the same topic names, and the same records in the same places.
    expect(replayed.partitions.map(outcome)).toEqual(recorded.report.partitions.map(outcome));
  }, 240_000);
});
