import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../../../harness/emulator/command-line.ts";
import { dbCredsYaml } from "../../../harness/emulator/db-creds.ts";
import { emulatorDir, emulatorEnv } from "../../../harness/emulator/run.ts";
import { ErrorCode } from "../../../harness/errors.ts";
import type { StackInfo } from "../../../harness/index.ts";

describe("emulator command line", () => {
  it("splits like a shell: quotes group, backslashes escape", () => {
    expect(splitCommandLine('python3  "my dir/emulator.py" --rate 5')).toEqual([
      "python3",
      "my dir/emulator.py",
      "--rate",
      "5",
    ]);
    expect(splitCommandLine("python3 it\\'s.py ''")).toEqual(["python3", "it's.py", ""]);
    expect(splitCommandLine(`sh -c 'echo "a b"'`)).toEqual(["sh", "-c", 'echo "a b"']);
  });

  it("rejects an empty command and an unclosed quote", () => {
    expect(() => splitCommandLine("   ")).toThrow(expect.objectContaining({ code: ErrorCode.InvalidOption }));
    expect(() => splitCommandLine('python3 "emulator.py')).toThrow(/unclosed "/);
  });

  it("runs in the folder of the script it names", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-emu-"));
    writeFileSync(join(dir, "user_posting_emulation.py"), "");
    expect(emulatorDir(["python3", join(dir, "user_posting_emulation.py")], "/")).toBe(dir);
    expect(emulatorDir(["python3", "user_posting_emulation.py"], dir)).toBe(dir);
    expect(emulatorDir(["./run.sh"], dir)).toBe(dir);
  });
});

const mysql = { host: "127.0.0.1", port: 33061, user: "root", password: "it's", database: "pinterest_data" };

describe("emulator settings", () => {
  it("writes the five keys of db_creds.yaml in the order strict emulators expect", () => {
    expect(dbCredsYaml(mysql)).toBe(
      "HOST: '127.0.0.1'\nUSER: 'root'\nPASSWORD: 'it''s'\nDATABASE: 'pinterest_data'\nPORT: 33061\n",
    );
  });

  it("hands over where to post, the user id, the database, and the virtualenv first on PATH", () => {
    const stack = { invokeUrl: "http://127.0.0.1:1/prod", userId: "0a1b2c3d4e5f", mysql } as StackInfo;
    expect(emulatorEnv(stack, "/cache/venv/bin", "/usr/bin:/bin")).toMatchObject({
      INVOKE_URL: "http://127.0.0.1:1/prod",
      USER_ID: "0a1b2c3d4e5f",
      DB_HOST: "127.0.0.1",
      DB_PORT: "33061",
      DB_USER: "root",
      DB_PASSWORD: "it's",
      DB_DATABASE: "pinterest_data",
      PATH: "/cache/venv/bin:/usr/bin:/bin",
    });
  });
});
