import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../harness/check/types.ts";
import { EMULATORS, pinpipe, variant } from "../support/emulator-folders.ts";
import { processesLeftIn } from "../support/processes.ts";
import { allFindings, COMMAND, HARDCODED, job, SCRIPT } from "../support/run-job.ts";

// Runs that end by themselves: the emulator stops at its records, dies, or finds no row. The runs whose emulator is
// refused until its duration ends are in run-refused.spec.ts.
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
