import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../harness/check/types.ts";
import { REFERENCE_EMULATOR } from "../../harness/emulator/run.ts";
import { runJob, type JobOptions } from "../../harness/job.ts";
import { projectPath } from "../../harness/paths.ts";

const reference = readFileSync(REFERENCE_EMULATOR, "utf8");

/** A copy of the reference emulator with one line changed, as a user's broken script would be. */
function brokenEmulator(from: string, to: string): string {
  if (!reference.includes(from)) throw new Error(`the reference emulator has no ${from}`);
  const dir = mkdtempSync(join(tmpdir(), "pinpipe-broken-"));
  const script = join(dir, "user_posting_emulation.py");
  writeFileSync(script, reference.replace(from, to));
  return script;
}

/** Each run gets a project folder of its own: its logs and journal must not meet the shared stack's. */
function job(options: JobOptions) {
  return runJob({ stateDir: mkdtempSync(join(tmpdir(), "pinpipe-run-")), progress: () => {}, ...options });
}

const allFindings = (report: CheckReport) => [...report.findings, ...report.partitions.flatMap((p) => p.findings)];

describe("pinpipe run", () => {
  it("runs the reference emulator through the whole chain and finds every partition clean", async () => {
    const { ok, report, emulator } = await job({ records: 30, fixtures: {} });
    expect(allFindings(report)).toEqual([]);
    expect(ok).toBe(true);
    expect(emulator.stoppedBy).toBe("records");
    expect(report.partitions.map((p) => p.topic.split(".")[1])).toEqual(["pin", "geo", "user"]);
    for (const partition of report.partitions) {
      // The emulator posts pin, geo and user in turn, so the three topics differ by at most one record.
      expect(partition.records).toBeGreaterThanOrEqual(10);
      expect(partition).toMatchObject({ kafkaRecords: partition.records, acknowledged: partition.records, pending: 0 });
      expect(partition.objects).toBe(partition.records);
    }
  }, 180_000);

  it("runs a script that hard-codes an execute-api invoke URL unchanged, through the gateway's HTTPS proxy", async () => {
    const script = brokenEmulator(
      'invoke_url = os.environ["INVOKE_URL"].rstrip("/")',
      'invoke_url = "https://abc123xyz.execute-api.us-east-1.amazonaws.com/prod"',
    );
    const { ok, report } = await job({ emulator: `python3 ${script}`, records: 9 });
    expect(allFindings(report)).toEqual([]);
    expect(ok).toBe(true);
    expect(report.partitions.every((p) => (p.acknowledged ?? 0) >= 3 && p.records === p.acknowledged)).toBe(true);
  }, 180_000);

  it("reports a script that posts with the wrong content type with the REST proxy's 415, and fails", async () => {
    const script = brokenEmulator('"application/vnd.kafka.json.v2+json"', '"application/json"');
    const { ok, report } = await job({ emulator: `python3 ${script}`, durationS: 3 });
    expect(ok).toBe(false);
    expect(allFindings(report)).toContainEqual(
      expect.objectContaining({
        code: "REFUSED",
        message: expect.stringContaining("HTTP 415, error_code 415: HTTP 415 Unsupported Media Type"),
      }),
    );
  }, 180_000);

  it("reports a script whose datetimes are not serialised: it crashes on the first geo row", async () => {
    const script = brokenEmulator(
      'json.dumps({"records": [{"value": record}]}, default=str)',
      'json.dumps({"records": [{"value": record}]})',
    );
    const { ok, report, emulator } = await job({ emulator: `python3 ${script}`, records: 30 });
    expect(ok).toBe(false);
    expect(emulator.stoppedBy).toBe("exited");
    expect(readFileSync(emulator.logFile, "utf8")).toContain(
      "TypeError: Object of type datetime is not JSON serializable",
    );
    expect(allFindings(report)).toContainEqual(expect.objectContaining({ code: "EMULATOR_FAILED" }));
  }, 180_000);

  it("reports a script that posts to a topic that does not exist with the proxy's metadata timeout", async () => {
    const script = brokenEmulator('f"{user_id}.pin"', 'f"{user_id}.pins"');
    const { ok, report } = await job({
      emulator: `python3 ${script}`,
      durationS: 5,
      // The real proxy waits max.block.ms (60 s) for a missing topic; a shorter wait gives the same answer sooner.
      restProxyProperties: { "producer.max.block.ms": "1500" },
    });
    expect(ok).toBe(false);
    expect(allFindings(report)).toContainEqual(
      expect.objectContaining({
        code: "REFUSED",
        message: expect.stringMatching(/error_code 50003: Topic \w+\.pins not present in metadata after 1500 ms\./),
      }),
    );
  }, 180_000);

  it("exits non-zero from the command line when a check fails, and prints the report as JSON", async () => {
    const script = brokenEmulator('"application/vnd.kafka.json.v2+json"', '"text/plain"');
    const home = mkdtempSync(join(tmpdir(), "pinpipe-run-cli-"));
    const failure = await promisify(execFile)(
      process.execPath,
      [projectPath("bin", "pinpipe.js"), "run", "--emulator", `python3 ${script}`, "--duration", "2", "--json"],
      { env: { ...process.env, PINPIPE_HOME: home, PINPIPE_QUIET: "1" } },
    ).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const report = JSON.parse(failure?.stdout ?? "") as CheckReport;
    expect(report.ok).toBe(false);
    expect(allFindings(report).map((f) => f.code)).toContain("REFUSED");
  }, 180_000);
});
