import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { config } from "../../harness/config.ts";
import { runEmulator } from "../../harness/emulator/run.ts";

const stack = inject("stack");
const logDir = inject("stackLogDir");

/** A folder holding one Python script, as a user's emulator folder would. */
function scriptDir(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pinpipe-emulator-"));
  writeFileSync(join(dir, "emulator.py"), source);
  return dir;
}

// Reads its credentials the way the course's emulators do, with the packages they import.
const READ_ONE_ROW = `
import json, os, stat, yaml, sqlalchemy
from sqlalchemy import text
with open("db_creds.yaml") as f:
    creds = yaml.safe_load(f)
print("mode", oct(stat.S_IMODE(os.stat("db_creds.yaml").st_mode)))
print("keys", list(creds))
engine = sqlalchemy.create_engine(
    f"mysql+pymysql://{creds['USER']}:{creds['PASSWORD']}@{creds['HOST']}:{creds['PORT']}/{creds['DATABASE']}?charset=utf8mb4")
with engine.connect() as connection:
    row = dict(next(iter(connection.execute(text("SELECT * FROM pinterest_data LIMIT 7528, 1"))))._mapping)
print("row", json.dumps(row, default=str))
print("env", os.environ["USER_ID"], os.environ["INVOKE_URL"] == "${stack.invokeUrl}")
`;

describe("emulator runner", () => {
  it("runs an unmodified script beside a generated db_creds.yaml, with the emulators' packages, then removes it", async () => {
    const dir = scriptDir(READ_ONE_ROW);
    const result = await runEmulator({
      command: "python3 emulator.py",
      cwd: dir,
      stack,
      cacheDir: config().cacheDir,
      logDir,
      progress: () => {},
    });
    const output = readFileSync(result.logFile, "utf8");
    expect(result, output).toMatchObject({ stoppedBy: "exited", exitCode: 0 });
    expect(output).toContain("mode 0o600");
    expect(output).toContain("keys ['HOST', 'USER', 'PASSWORD', 'DATABASE', 'PORT']");
    expect(output).toMatch(/row \{"index": 7528, "unique_id": "fbe53c66-/);
    expect(output).toContain(`env ${stack.userId} True`);
    expect(existsSync(join(dir, "db_creds.yaml"))).toBe(false);
  }, 300_000);

  it("puts back a db_creds.yaml of the user's own afterwards", async () => {
    const dir = scriptDir("print(open('db_creds.yaml').read())");
    writeFileSync(join(dir, "db_creds.yaml"), "HOST: my-rds.example\n");
    const result = await runEmulator({
      command: `python3 ${join(dir, "emulator.py")}`,
      stack,
      cacheDir: config().cacheDir,
      logDir,
      progress: () => {},
    });
    expect(readFileSync(result.logFile, "utf8")).toContain(`PORT: ${stack.mysql.port}`);
    expect(readFileSync(join(dir, "db_creds.yaml"), "utf8")).toBe("HOST: my-rds.example\n");
  }, 120_000);

  it("stops an endless emulator after its duration, or once enough records were accepted", async () => {
    const dir = scriptDir("import time\nwhile True:\n    time.sleep(0.05)\n");
    const timed = await runEmulator({
      command: "python3 emulator.py",
      cwd: dir,
      stack,
      cacheDir: config().cacheDir,
      logDir,
      durationS: 1,
      progress: () => {},
    });
    expect(timed.stoppedBy).toBe("duration");
    expect(timed.durationMs).toBeGreaterThanOrEqual(1000);

    let accepted = 0;
    const counted = await runEmulator({
      command: "python3 emulator.py",
      cwd: dir,
      stack,
      cacheDir: config().cacheDir,
      logDir,
      records: 5,
      acceptedRecords: () => ++accepted,
      progress: () => {},
    });
    expect(counted).toMatchObject({ stoppedBy: "records" });
    expect(counted.accepted).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
