import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { config } from "../../harness/config.ts";
import type { EmulatorLinks } from "../../harness/emulator/aws/stand-ins.ts";
import { runEmulator } from "../../harness/emulator/run.ts";
import { createNetFaults } from "../../harness/faults/net/index.ts";

const stack = inject("stack");
// The emulator's log and name events in a folder of this file's: other files run emulators beside it.
const logDir = mkdtempSync(join(tmpdir(), "pinpipe-emulator-logs-"));

/** A folder holding one Python script, as a user's emulator folder would. */
function scriptDir(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pinpipe-emulator-"));
  writeFileSync(join(dir, "emulator.py"), source);
  return dir;
}

const run = (dir: string, more: Partial<Parameters<typeof runEmulator>[0]> = {}) =>
  runEmulator({
    command: "python3 emulator.py",
    cwd: dir,
    stack: { info: stack, cacheDir: config().cacheDir, logDir },
    progress: () => {},
    ...more,
  });

// Reads its credentials the way the course's emulators do, and tries to write as well.
const READ_ONE_ROW = `
import json, os, stat, yaml, sqlalchemy
from sqlalchemy import text
with open("db_creds.yaml") as f:
    creds = yaml.safe_load(f)
print("mode", oct(stat.S_IMODE(os.stat("db_creds.yaml").st_mode)))
print("keys", list(creds), creds["USER"], creds["DATABASE"])
engine = sqlalchemy.create_engine(
    f"mysql+pymysql://{creds['USER']}:{creds['PASSWORD']}@{creds['HOST']}:{creds['PORT']}/{creds['DATABASE']}?charset=utf8mb4")
with engine.connect() as connection:
    row = dict(next(iter(connection.execute(text("SELECT * FROM pinterest_data LIMIT 7528, 1"))))._mapping)
    print("row", json.dumps(row, default=str))
    try:
        connection.execute(text("DELETE FROM pinterest_data"))
    except Exception as error:
        print("write refused", error.orig.args[0])
print("env", os.environ.get("PINPIPE_USER_ID"), "USER_ID" in os.environ, "DB_HOST" in os.environ)
`;

describe("emulator runner", () => {
  it("runs an unmodified script in its folder beside a generated db_creds.yaml (read-only), then removes it", async () => {
    const dir = scriptDir(READ_ONE_ROW);
    const result = await run(dir);
    const output = readFileSync(result.logFile, "utf8");
    expect(result, output).toMatchObject({ stoppedBy: "exited", exitCode: 0 });
    expect(output).toContain("mode 0o600");
    expect(output).toContain("keys ['HOST', 'USER', 'PASSWORD', 'DATABASE', 'PORT'] project_user pinterest_data");
    expect(output).toMatch(/row \{"index": 7528, "unique_id": "fbe53c66-/);
    // The course's login is read-only: MySQL's own "command denied" error.
    expect(output).toContain("write refused 1142");
    expect(output).toContain(`env ${stack.userId} False False`);
    expect(result.rds).toContainEqual(expect.objectContaining({ type: "login", user: "project_user" }));
    expect(existsSync(join(dir, "db_creds.yaml"))).toBe(false);
  }, 300_000);

  it("reaches the RDS stand-in through the stack's emulator->mysql link while it runs, and removes the link after", async () => {
    const net = createNetFaults();
    const added: string[] = [];
    const emulatorLinks: EmulatorLinks = {
      add: async (name, targets) => {
        const link = await net.add(name, targets, { fault: { kind: "latency", ms: 20 } });
        added.push(`${name} (${net.get(name).fault().kind})`);
        return link.proxies.map((p) => ({ host: p.host, port: p.port }));
      },
      remove: (name) => net.remove(name),
    };
    try {
      const dir = scriptDir(READ_ONE_ROW);
      const result = await run(dir, { stack: { info: stack, cacheDir: config().cacheDir, logDir, emulatorLinks } });
      const output = readFileSync(result.logFile, "utf8");
      expect(result, output).toMatchObject({ stoppedBy: "exited", exitCode: 0 });
      // The row came through the delayed link: the login and the query crossed it.
      expect(output).toMatch(/row \{"index": 7528, /);
      expect(added).toEqual(["emulator->mysql (latency)"]);
      expect(net.list()).toEqual([]);
    } finally {
      await net.stopAll();
    }
  }, 300_000);

  it("uses a db_creds.yaml of the author's as it is: its RDS host and login reach pinpipe's MySQL", async () => {
    const dir = scriptDir(READ_ONE_ROW);
    const own =
      "HOST: pinterestdbreadonly.abcdefghij12.eu-west-1.rds.amazonaws.com\nUSER: project_user\n" +
      "PASSWORD: ':%;not-checked'\nDATABASE: pinterest_data\nPORT: 3306\n";
    writeFileSync(join(dir, "db_creds.yaml"), own, { mode: 0o644 });
    const result = await run(dir);
    const output = readFileSync(result.logFile, "utf8");
    expect(result, output).toMatchObject({ stoppedBy: "exited", exitCode: 0 });
    expect(output).toMatch(/row \{"index": 7528, /);
    expect(result.names).toContainEqual(
      expect.objectContaining({ type: "rds", host: "pinterestdbreadonly.abcdefghij12.eu-west-1.rds.amazonaws.com" }),
    );
    expect(readFileSync(join(dir, "db_creds.yaml"), "utf8")).toBe(own);
  }, 120_000);

  it("refuses a host pinpipe does not stand in for, and says so in the script's own traceback", async () => {
    const dir = scriptDir("import requests\nrequests.get('https://kinesis.us-east-1.amazonaws.com/')\n");
    const result = await run(dir);
    expect(result.exitCode).toBe(1);
    expect(result.names).toContainEqual(
      expect.objectContaining({ type: "refused", host: "kinesis.us-east-1.amazonaws.com" }),
    );
    expect(readFileSync(result.logFile, "utf8")).toContain("is an AWS service pinpipe does not stand in for");
  }, 120_000);

  it("stops an endless emulator after its duration, or once enough records were accepted", async () => {
    const dir = scriptDir("import time\nwhile True:\n    time.sleep(0.05)\n");
    const timed = await run(dir, { durationS: 1 });
    expect(timed.stoppedBy).toBe("duration");
    expect(timed.stopStep).toBe("SIGINT");
    expect(timed.durationMs).toBeGreaterThanOrEqual(1000);

    let accepted = 0;
    const counted = await run(dir, { records: 5, acceptedRecords: () => ++accepted });
    expect(counted).toMatchObject({ stoppedBy: "records" });
    expect(counted.accepted).toBeGreaterThanOrEqual(5);

    // Three accepted, then none: every later call refused, as with a topic that does not exist.
    let stuck = 0;
    const stalled = await run(dir, { records: 5, stallS: 1, acceptedRecords: () => Math.min(3, ++stuck) });
    expect(stalled).toMatchObject({ stoppedBy: "stalled", accepted: 3 });
  }, 120_000);
});
