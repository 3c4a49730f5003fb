import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitCommandLine } from "../../../harness/emulator/command-line.ts";
import { dbCredsYaml } from "../../../harness/emulator/db-creds.ts";
import { entryScripts, namedScript } from "../../../harness/emulator/entry-scripts.ts";
import { emulatorEnv } from "../../../harness/emulator/run.ts";
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

  it("finds the script a command runs from the folder it runs in, as a shell would", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-emu-"));
    mkdirSync(join(dir, "data_emulation"));
    mkdirSync(join(dir, "pkg", "runner"), { recursive: true });
    for (const file of ["main.py", "other.py", "data_emulation/main.py", "pkg/runner/__main__.py"]) {
      writeFileSync(join(dir, file), "");
    }
    expect(entryScripts(["python3", "data_emulation/main.py"], dir)).toEqual([join(dir, "data_emulation", "main.py")]);
    expect(entryScripts(["python3", "-u", "-X", "dev", join(dir, "main.py")], "/")).toEqual([join(dir, "main.py")]);
    expect(entryScripts(["python3", "-m", "pkg.runner"], dir)).toEqual([join(dir, "pkg", "runner", "__main__.py")]);
    expect(entryScripts(["./main.py"], dir)).toEqual([join(dir, "main.py")]);
    // Nothing named: the best guess is what lies at the top of the folder.
    expect(entryScripts(["./run.sh"], dir)).toEqual([join(dir, "main.py"), join(dir, "other.py")]);
    // Named but not there from this folder (the script's own folder is not where it runs).
    expect(entryScripts(["python3", "main.py"], join(dir, "data_emulation"))).toEqual([
      join(dir, "data_emulation", "main.py"),
    ]);
    expect(entryScripts(["python3", "data_emulation/main.py"], join(dir, "data_emulation"))).toEqual([]);
    expect(namedScript(["python3", "data_emulation/main.py"])).toEqual({ script: "data_emulation/main.py" });
    expect(namedScript(["python3", "-c", "print(1)"])).toBeUndefined();
  });
});

const mysql = { host: "127.0.0.1", port: 33061, user: "root", password: "it's", database: "pinterest_data" };

describe("emulator settings", () => {
  it("writes the five keys of db_creds.yaml in the order strict emulators expect", () => {
    expect(dbCredsYaml(mysql)).toBe(
      "HOST: '127.0.0.1'\nUSER: 'root'\nPASSWORD: 'it''s'\nDATABASE: 'pinterest_data'\nPORT: 33061\n",
    );
  });

  it("puts the virtualenv first on PATH, keeps byte-code out of the author's folder, and sets no course names", () => {
    const stack = { invokeUrl: "http://127.0.0.1:1/prod", userId: "0a1b2c3d4e5f", mysql } as StackInfo;
    const env = emulatorEnv(stack, "/cache/venv/bin", "/cache", "/usr/bin:/bin");
    expect(env).toMatchObject({
      PINPIPE_INVOKE_URL: "http://127.0.0.1:1/prod",
      PINPIPE_USER_ID: "0a1b2c3d4e5f",
      PATH: "/cache/venv/bin:/usr/bin:/bin",
      VIRTUAL_ENV: "/cache/venv",
      PYTHONPYCACHEPREFIX: "/cache/python/pycache",
    });
    // A script's own .env (python-dotenv never overrides what is set) must win over anything pinpipe could set.
    for (const name of ["INVOKE_URL", "USER_ID", "DB_HOST", "DB_PASSWORD", "API_URL"])
      expect(env).not.toHaveProperty(name);
  });
});
