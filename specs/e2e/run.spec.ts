import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport, Finding } from "../../harness/check/types.ts";
import { runJob, type JobOptions } from "../../harness/job.ts";
import { EMULATORS, pinpipe, variant } from "../support/emulator-folders.ts";
import { processesLeftIn } from "../support/processes.ts";

/** Each run gets a project folder of its own: its logs and journal must not meet the shared stack's. */
function job(options: JobOptions) {
  return runJob({ stateDir: mkdtempSync(join(tmpdir(), "pinpipe-run-")), progress: () => {}, ...options });
}

const allFindings = (report: CheckReport): Finding[] => [
  ...report.findings,
  ...report.partitions.flatMap((p) => p.findings),
];

const HARDCODED = "hardcoded-login";
const SCRIPT = "user_posting_emulation.py";
const COMMAND = `python3 ${SCRIPT}`;
// The real proxy waits max.block.ms (60 s) for a missing topic; a shorter wait gives the same answer sooner.
const SHORT_METADATA_WAIT = { "producer.max.block.ms": "1500" };

// One run at a time: several of these give the emulator 6 s, and two stacks starting beside it on two cores left it
// posting nothing in that time.
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

  it("exits 1 from the command line for the wrong content type: the cause, its fix and the proxy's 415 in JSON", async () => {
    const dir = variant(HARDCODED, SCRIPT, [["application/vnd.kafka.json.v2+json", "application/json"]]);
    const { code, stdout } = await pinpipe(["run", "--emulator", COMMAND, "--duration", "6", "--json"], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_UNSUPPORTED_MEDIA_TYPE",
      message: 'the REST proxy refuses the emulator\'s Content-Type "application/json" with 415',
      fix: expect.stringContaining("application/vnd.kafka.json.v2+json"),
    });
    expect(allFindings(report)).toContainEqual(
      expect.objectContaining({
        code: "REFUSED",
        message: expect.stringContaining("HTTP 415, error_code 415: HTTP 415 Unsupported Media Type"),
      }),
    );
    // The lines it printed before pinpipe stopped it, not the Ctrl-C traceback after.
    expect(report.emulator?.outputTail.join("\n")).toContain("0e4a91c7d2b3.pin 415");
    expect(report.emulator?.outputTail.join("\n")).not.toContain("KeyboardInterrupt");
  }, 180_000);

  it("ends by itself with its exit code when the emulator dies at once, leaving no process behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-dies-"));
    writeFileSync(join(dir, "main.py"), "import sys\nprint('cannot go on')\nsys.exit(3)\n");
    const started = Date.now();
    const { code, stdout } = await pinpipe(["run", "--emulator", "python3 main.py", "--records", "9", "--json"], dir);
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as CheckReport).findings[0]).toMatchObject({
      code: "EMULATOR_FAILED",
      message: "the emulator exited with code 3 after 0 accepted records",
    });
    // A stack's start and stop, and nothing more: no wait for a sink that has nothing to write.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await processesLeftIn(dir)).toEqual([]);
  }, 120_000);

  it("reports a script whose datetimes are not serialised with the TypeError it dies of on the first geo row", async () => {
    const dir = variant(HARDCODED, SCRIPT, [["}, default=str)", "})"]]);
    const { ok, report, emulator } = await job({ emulator: COMMAND, cwd: dir, records: 30 });
    expect(ok).toBe(false);
    expect(emulator.stoppedBy).toBe("exited");
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_FAILED",
      message: expect.stringMatching(
        /^the emulator exited with code 1 after 1 accepted records: TypeError: Object of type datetime is not JSON serializable$/,
      ),
    });
  }, 180_000);

  it("names the topic a script posts to that does not exist, and the topics that do", async () => {
    const { ok, report } = await job({
      emulator: COMMAND,
      cwd: variant(HARDCODED, SCRIPT, [['send_to_kafka("0e4a91c7d2b3.pin"', 'send_to_kafka("0e4a91c7d2b3.pins"']]),
      durationS: 6,
      restProxyProperties: SHORT_METADATA_WAIT,
    });
    expect(ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_UNKNOWN_TOPIC",
      message:
        "the emulator posts to topic 0e4a91c7d2b3.pins, which does not exist (HTTP 200); the topics are " +
        "0e4a91c7d2b3.pin, 0e4a91c7d2b3.geo, 0e4a91c7d2b3.user",
    });
    expect(allFindings(report)).toContainEqual(
      expect.objectContaining({
        code: "REFUSED",
        message: expect.stringMatching(
          /error_code 50003: Topic 0e4a91c7d2b3\.pins not present in metadata after 1500 ms\./,
        ),
      }),
    );
  }, 180_000);

  it("with --stage pinned, a script that calls another stage gets API Gateway's 403, as on AWS", async () => {
    const { ok, report } = await job({
      emulator: COMMAND,
      cwd: join(EMULATORS, HARDCODED),
      stage: "dev",
      durationS: 6,
    });
    expect(ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_UNKNOWN_STAGE",
      message: expect.stringMatching(
        /^the emulator calls stage "prod" \(POST \/prod\/topics\/0e4a91c7d2b3\.pin\), but the deployed stage is "dev"/,
      ),
      fix: "drop --stage dev to deploy the stage the script uses, or correct the script",
    });
  }, 180_000);

  it("says which query returned no row when the tables are smaller than the script assumes", async () => {
    const { ok, report } = await job({
      emulator: COMMAND,
      cwd: join(EMULATORS, HARDCODED),
      records: 9,
      fixtures: { rows: 1000 },
    });
    expect(ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_EMPTY_RESULT",
      message: "the query `SELECT * FROM pinterest_data LIMIT 7528, 1` returned no row: each table holds 1000 rows",
    });
  }, 180_000);
});
