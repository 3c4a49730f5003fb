import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeEmulator, pythonTooOldError } from "../../../harness/emulator/deps/index.ts";
import { ErrorCode } from "../../../harness/errors.ts";

/** A folder holding these files (paths relative to it), for the scanner to read. */
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pinpipe-deps-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A PATH with no other Python on it, so that no newer one is picked up from this machine. */
const noPythons = (): string => mkdtempSync(join(tmpdir(), "pinpipe-nopy-"));

const analyze = (cwd: string, ...entryScripts: string[]) =>
  analyzeEmulator({ entryScripts, cwd, searchPath: noPythons() });

/** A real Python 3.12 on this machine, if there is one (a pyenv install or the system's). */
function realPython312(): string | undefined {
  const pyenv = join(homedir(), ".pyenv", "versions");
  const candidates = [
    ...(existsSync(pyenv) ? readdirSync(pyenv).filter((v) => v.startsWith("3.12")) : []).map((v) =>
      join(pyenv, v, "bin", "python3.12"),
    ),
    "/usr/bin/python3.12",
    "/usr/local/bin/python3.12",
  ];
  return candidates.find((candidate) => {
    try {
      return execFileSync(candidate, ["-c", "import sys; print(sys.version_info[:2])"]).toString().includes("3, 12");
    } catch {
      return false;
    }
  });
}

describe("analyzeEmulator: what the script imports", () => {
  it("follows the folder's own modules of a package run as `python3 data_emulation/main.py`", async () => {
    const root = folder({
      "data_emulation/main.py": [
        "import json, random",
        "from db_connector import AWSDBConnector",
        "from utils.format import clean",
        "import emulation_helpers.post as post",
        "from data_emulation.settings import SETTINGS",
      ].join("\n"),
      // Siblings of main.py: found through the script's own folder (sys.path[0]).
      "data_emulation/db_connector.py": "import sqlalchemy\nfrom .creds import read\n",
      "data_emulation/creds.py": "import yaml\n",
      // A package without __init__.py (a namespace package) beside the script.
      "data_emulation/utils/format.py": "import dateutil.parser\n",
      // A regular package in the working directory.
      "emulation_helpers/__init__.py": "import certifi\n",
      "emulation_helpers/post.py": "import requests\n",
      "data_emulation/settings.py": "from dotenv import load_dotenv\n",
    });
    const needs = await analyze(root, "data_emulation/main.py");
    expect(needs.imports).toEqual(["certifi", "dateutil", "dotenv", "requests", "sqlalchemy", "yaml"]);
    expect(needs.files).toEqual(
      expect.arrayContaining([
        "data_emulation/main.py",
        "data_emulation/db_connector.py",
        "data_emulation/creds.py",
        "data_emulation/utils/format.py",
        "emulation_helpers/__init__.py",
        "emulation_helpers/post.py",
        "data_emulation/settings.py",
      ]),
    );
    expect(needs.importedAt.sqlalchemy).toBe("data_emulation/db_connector.py:1");
    expect(needs.unknown).toEqual([]);
    expect(needs.pythonTooOld).toBeUndefined();
  });

  it("counts imports inside try blocks, functions and methods, and literal import_module calls", async () => {
    const root = folder({
      "main.py": [
        "try:",
        "    import boto3",
        "except ImportError:",
        "    boto3 = None",
        "def load():",
        "    import pandas as pd",
        "    return pd",
        "class Poster:",
        "    def send(self):",
        "        from tqdm import tqdm",
        "import importlib",
        "faker = importlib.import_module('faker')",
      ].join("\n"),
    });
    const needs = await analyze(root, "main.py");
    expect(needs.imports).toEqual(["boto3", "faker", "pandas", "tqdm"]);
  });

  it("tells the standard library, known distributions and unknown modules apart", async () => {
    const root = folder({
      "main.py": [
        "import json, multiprocessing, argparse, datetime",
        "from concurrent.futures import ThreadPoolExecutor",
        "import requests",
        "import mysql.connector",
        "import ujson",
        "from some_private_lib.client import Client",
      ].join("\n"),
    });
    const needs = await analyze(root, "main.py");
    expect(needs.imports).toEqual(["mysql", "requests", "some_private_lib", "ujson"]);
    expect(needs.distributions).toEqual(["mysql-connector-python==26.10.0", "requests==2.34.2"]);
    expect(needs.unknown).toEqual(["some_private_lib", "ujson"]);
  });

  it("adds PyMySQL for sqlalchemy, whose mysql+pymysql:// URLs load it without an import", async () => {
    const root = folder({ "main.py": "from sqlalchemy import create_engine, text\n" });
    const needs = await analyze(root, "main.py");
    expect(needs.imports).toEqual(["sqlalchemy"]);
    expect(needs.distributions).toEqual(["PyMySQL[rsa]==1.2.4", "SQLAlchemy==2.1.9"]);
    expect(needs.modules).toEqual(["pymysql", "sqlalchemy"]);
  });

  it("installs boto3 (with its botocore) when it is imported, used or not", async () => {
    const root = folder({ "main.py": "import boto3\nimport requests\nprint('posting')\n" });
    const needs = await analyze(root, "main.py");
    expect(needs.imports).toEqual(["boto3", "requests"]);
    expect(needs.distributions).toEqual(["boto3==1.44.18", "botocore==1.44.18", "requests==2.34.2"]);
  });

  it("finds the requirements.txt beside the script, else the working directory's", async () => {
    const beside = folder({ "emu/main.py": "", "emu/requirements.txt": "requests\n", "requirements.txt": "x\n" });
    expect((await analyze(beside, "emu/main.py")).requirementsFile).toBe(join(beside, "emu", "requirements.txt"));
    const inCwd = folder({ "emu/main.py": "", "requirements.txt": "requests\n" });
    expect((await analyze(inCwd, "emu/main.py")).requirementsFile).toBe(join(inCwd, "requirements.txt"));
    expect((await analyze(folder({ "main.py": "" }), "main.py")).requirementsFile).toBeUndefined();
  });

  it("says which script is missing", async () => {
    await expect(analyze(folder({}), "nowhere.py")).rejects.toMatchObject({
      code: ErrorCode.InvalidOption,
      message: expect.stringContaining("nowhere.py"),
    });
  });
});

describe("analyzeEmulator: the Python it needs", () => {
  const nestedQuotes = folder({
    "main.py": ["import requests", "row = {'name': 'x'}", "", 'print(f"{row["name"]}")', ""].join("\n"),
  });

  it("finds an f-string nesting its own quotes, which only Python 3.12 parses", async () => {
    const needs = await analyze(nestedQuotes, "main.py");
    expect(needs.pythonTooOld).toEqual({
      needed: "3.12",
      have: needs.pythonVersion,
      where: "main.py:4",
      why: "an f-string nests quotes of its own kind",
    });
    const error = pythonTooOldError(needs.pythonTooOld!);
    expect(error.code).toBe(ErrorCode.PythonTooOld);
    expect(error.message).toBe(
      `the emulator needs Python ≥ 3.12 (main.py:4: an f-string nests quotes of its own kind); this machine has ` +
        `Python ${needs.pythonVersion}: install Python 3.12 and put python3.12 on PATH`,
    );
    expect(error.message).not.toContain("\n");
  });

  it("names the local module that does not parse, and the PEP 695 syntax in it", async () => {
    const root = folder({
      "main.py": "from models import Row\n",
      "models.py": "import yaml\n\ntype Row = dict[str, object]\n",
    });
    const needs = await analyze(root, "main.py");
    expect(needs.pythonTooOld).toMatchObject({
      needed: "3.12",
      where: "models.py:3",
      why: expect.stringContaining("PEP 695"),
    });
  });

  it("reports a syntax error it does not recognise as a need for a newer Python, with the error and line", async () => {
    const root = folder({ "main.py": "import requests\nx = = 1\n" });
    const needs = await analyze(root, "main.py");
    const minor = needs.pythonVersion.split(".")[1];
    expect(needs.pythonTooOld).toMatchObject({ needed: `newer than 3.${minor}`, where: "main.py:2" });
    expect(needs.pythonTooOld!.why).toMatch(/^SyntaxError: /);
    expect(pythonTooOldError(needs.pythonTooOld!).message).toContain("or fix main.py:2 if the script is wrong");
  });

  it("takes a stated minimum (requires-python) as a need, even when the code parses", async () => {
    const root = folder({
      "main.py": "import requests\n",
      "pyproject.toml": '[project]\nrequires-python = ">=3.13"\n',
    });
    const needs = await analyze(root, "main.py");
    expect(needs.pythonTooOld).toMatchObject({ needed: "3.13", where: "pyproject.toml:2" });
  });

  it("takes the Python an author used (.python-version) as a note when the code parses here", async () => {
    const root = folder({ "main.py": "import requests\n", ".python-version": "3.13.0\n" });
    const needs = await analyze(root, "main.py");
    expect(needs.pythonTooOld).toBeUndefined();
    expect(needs.notes).toContainEqual(expect.stringContaining(".python-version:1 pins 3.13"));
  });

  it("takes an interpreter pinned in a conda dump as a note, not a need: such files fall back to the imports", async () => {
    const root = folder({
      "main.py": "import requests\n",
      "requirements.txt": "_libgcc_mutex=0.1=main\npython=3.12.2=h1\n",
    });
    const needs = await analyze(root, join(root, "main.py"));
    expect(needs.pythonTooOld).toBeUndefined();
    expect(needs.notes).toContainEqual(expect.stringContaining("requirements.txt:2 pins python=3.12"));
  });

  it("accepts a match statement on this Python (3.10 and later)", async () => {
    const root = folder({
      "main.py": [
        "import requests",
        "def kind(x):",
        "    match x:",
        "        case 1:",
        "            return 'one'",
        "        case _:",
        "            return 'other'",
      ].join("\n"),
    });
    const needs = await analyze(root, "main.py");
    expect(needs.pythonTooOld).toBeUndefined();
    expect(needs.imports).toEqual(["requests"]);
  });

  it("ignores a python3.12 on PATH that does not run as Python 3.12 (a shim, a wrapper)", async () => {
    const bin = noPythons();
    writeFileSync(join(bin, "python3.12"), "#!/bin/sh\necho 'python3.12: command not found' >&2\nexit 127\n");
    chmodSync(join(bin, "python3.12"), 0o755);
    const needs = await analyzeEmulator({ entryScripts: ["main.py"], cwd: nestedQuotes, searchPath: bin });
    expect(needs.pythonTooOld?.needed).toBe("3.12");
  });

  const python312 = realPython312();
  it.runIf(python312)("uses a python3.12 found on PATH instead, and reads the script with it", async () => {
    const bin = noPythons();
    symlinkSync(python312!, join(bin, "python3.12"));
    const needs = await analyzeEmulator({ entryScripts: ["main.py"], cwd: nestedQuotes, searchPath: bin });
    expect(needs.pythonTooOld).toBeUndefined();
    expect(needs.python).toBe(join(bin, "python3.12"));
    expect(needs.pythonVersion).toMatch(/^3\.12\./);
    expect(needs.imports).toEqual(["requests"]);
    expect(needs.notes[0]).toMatch(/^using python3\.12 \(Python 3\.12\.\d+\) from PATH: main\.py:4: an f-string/);
  });
});
