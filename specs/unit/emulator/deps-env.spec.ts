import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { config } from "../../../harness/config.ts";
import { analyzeEmulator, ensureEmulatorEnv, type EmulatorNeeds } from "../../../harness/emulator/deps/index.ts";

// These build real virtualenvs with pip, in the shared cache: the first run downloads (minutes), later runs reuse.
const BUILD_TIMEOUT = 600_000;

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pinpipe-deps-env-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const EMULATOR = "import requests\nimport sqlalchemy\nimport yaml\nimport pinpipe_private_helpers\n";

async function build(
  needs: EmulatorNeeds,
): Promise<{ env: Awaited<ReturnType<typeof ensureEmulatorEnv>>; lines: string[]; ms: number }> {
  const lines: string[] = [];
  const started = Date.now();
  const env = await ensureEmulatorEnv({ cacheDir: config().cacheDir, needs, progress: (line) => lines.push(line) });
  return { env, lines, ms: Date.now() - started };
}

const inEnv = (python: string, code: string): string => execFileSync(python, ["-I", "-c", code]).toString().trim();

describe("ensureEmulatorEnv", () => {
  it(
    "builds from a requirements.txt that installs, adding what the imports still lack; then reuses it",
    async () => {
      const root = folder({ "main.py": EMULATOR, "requirements.txt": "SQLAlchemy==1.4.54\n" });
      const needs = await analyzeEmulator({ entryScripts: ["main.py"], cwd: root });
      expect(needs.requirementsFile).toBe(join(root, "requirements.txt"));

      const first = await build(needs);
      expect(first.env.source).toBe("requirements");
      expect(inEnv(first.env.python, "import sqlalchemy; print(sqlalchemy.__version__)")).toBe("1.4.54");
      // yaml and requests are not in the file, and PyMySQL is what sqlalchemy's URLs load: added from the table.
      expect(inEnv(first.env.python, "import yaml, requests, pymysql; print(yaml.__version__)")).toBe("6.0.3");
      expect(first.env.notes).toEqual([
        expect.stringMatching(/^no known distribution for pinpipe_private_helpers \(main\.py:4\): not installed/),
      ]);

      const again = await build(needs);
      expect(again.env).toMatchObject({ cached: true, binDir: first.env.binDir, source: "requirements" });
      expect(again.lines.join("\n")).not.toMatch(/installing/);
      expect(again.ms).toBeLessThan(5000);
      console.log(`requirements env: first call ${first.ms} ms (cached: ${first.env.cached}), again ${again.ms} ms`);
    },
    BUILD_TIMEOUT,
  );

  it(
    "falls back to the imports when requirements.txt is a conda dump, and remembers that it does not install",
    async () => {
      const condaDump = [
        "# This file may be used to create an environment using:",
        "# $ conda create --name <env> --file <this file>",
        "# platform: linux-64",
        "_libgcc_mutex=0.1=main",
        "requests=2.31.0=py311h06a4308_0",
        "",
      ].join("\n");
      const root = folder({
        "main.py": "import requests\nimport sqlalchemy\nimport yaml\n",
        "requirements.txt": condaDump,
      });
      const needs = await analyzeEmulator({ entryScripts: ["main.py"], cwd: root });

      const first = await build(needs);
      expect(first.env.source).toBe("imports");
      const minor = needs.pythonVersion.split(".").slice(0, 2).join(".");
      expect(first.env.notes).toEqual([
        expect.stringMatching(
          new RegExp(
            `requirements\\.txt does not install on Python ${minor.replace(".", "\\.")} ` +
              `\\(Invalid requirement: '_libgcc_mutex=0\\.1=main'.*\\): using the imports instead$`,
          ),
        ),
      ]);
      expect(inEnv(first.env.python, "import sqlalchemy; print(sqlalchemy.__version__)")).toBe("2.1.9");
      expect(inEnv(first.env.python, "import decouple, dotenv, pymysql; print('base set')")).toBe("base set");

      // The verdict and the env are both cached: no pip at all the second time.
      const again = await build(needs);
      expect(again.env).toMatchObject({ cached: true, binDir: first.env.binDir, notes: first.env.notes });
      expect(again.lines).toEqual(["imports: requests, sqlalchemy, yaml → the base set (cached)"]);
      expect(again.ms).toBeLessThan(5000);
      console.log(`base env: first call ${first.ms} ms (cached: ${first.env.cached}), again ${again.ms} ms`);
    },
    BUILD_TIMEOUT,
  );

  it("refuses needs whose Python is too old, with the fix", async () => {
    const needs = await analyzeEmulator({
      entryScripts: ["main.py"],
      cwd: folder({ "main.py": "import requests\n", "pyproject.toml": '[project]\nrequires-python = ">=3.99"\n' }),
    });
    await expect(build(needs)).rejects.toMatchObject({ code: "PINPIPE_PYTHON_TOO_OLD" });
  });
});
