import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { declaredPythons, lowestMinor } from "../../../harness/emulator/deps/declared-python.ts";
import {
  beyondBase,
  BASE_SPECS,
  resolveImports,
  sortedSpecs,
  unpinned,
} from "../../../harness/emulator/deps/distributions.ts";
import { explainSyntaxError, fStringNestsOwnQuote } from "../../../harness/emulator/deps/syntax-needs.ts";
import { projectPath } from "../../../harness/paths.ts";
import { pipReason } from "../../../harness/runtime/python.ts";

describe("explainSyntaxError: newer grammar on a line this Python cannot parse", () => {
  it.each([
    [`print(f"{row["name"]}")`, "f-string: unmatched '['", 12, "an f-string nests quotes of its own kind"],
    [`msg = f'{d['k']} and {d['j']}'`, "f-string: expecting '}'", 12, "an f-string nests quotes of its own kind"],
    ["type Row = dict[str, int]", "invalid syntax", 12, "a `type` alias statement (PEP 695)"],
    ["def first[T](items: list[T]) -> T:", "expected '('", 12, "type parameters on a function or class (PEP 695)"],
    ["class Box[T]:", "invalid syntax", 12, "type parameters on a function or class (PEP 695)"],
    ["except* ValueError as group:", "invalid syntax", 11, "`except*` (exception groups)"],
    ["    match event:", "invalid syntax", 10, "a `match` statement"],
    ["        case {'type': 'pin'}:", "invalid syntax", 10, "a `match` statement"],
    [`x = f"{a\\n}"`, "f-string expression part cannot include a backslash", 12, "an f-string holds a backslash"],
    ["except ValueError, TypeError:", "multiple exception types must be parenthesized", 14, expect.any(String)],
  ])("%s", (line, message, minor, why) => {
    expect(explainSyntaxError(line, message)).toEqual({ minor, why });
  });

  it("leaves what it does not recognise to the SyntaxError's own words", () => {
    expect(explainSyntaxError("x = = 1", "invalid syntax")).toEqual({ why: "SyntaxError: invalid syntax" });
  });

  it("knows Python 2 code, which no newer Python runs", () => {
    const verdict = explainSyntaxError(
      'print "hi"',
      "Missing parentheses in call to 'print'. Did you mean print(...)?",
    );
    expect(verdict.python2).toBe(true);
  });

  it("does not take valid 3.11 f-strings for nested quotes", () => {
    expect(fStringNestsOwnQuote(`f"{d['k']}"`)).toBe(false);
    expect(fStringNestsOwnQuote(`f"{{literal}} {x!r:>{width}}" + "{"`)).toBe(false);
    expect(fStringNestsOwnQuote(`f"""{d["k"]}"""`)).toBe(false);
    expect(fStringNestsOwnQuote(`"{" + f"{x}"  # f"{d["k"]}"`)).toBe(false);
    expect(fStringNestsOwnQuote(`rf"{d["k"]}"`)).toBe(true);
  });
});

describe("declaredPythons: what the folder says it needs", () => {
  it("reads .python-version, runtime.txt, pyproject.toml, setup.cfg, setup.py and conda pins", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-declared-"));
    writeFileSync(join(dir, ".python-version"), "3.13.0\n");
    writeFileSync(join(dir, "runtime.txt"), "python-3.12.1\n");
    writeFileSync(join(dir, "pyproject.toml"), '[project]\nname = "emu"\nrequires-python = ">=3.12,<4"\n');
    writeFileSync(join(dir, "setup.cfg"), "[options]\npython_requires = ~=3.10\n");
    writeFileSync(join(dir, "setup.py"), "setup(name='emu', python_requires='>=3.8')\n");
    writeFileSync(
      join(dir, "requirements.txt"),
      "# platform: linux-64\n_libgcc_mutex=0.1=main\npython=3.12.2=hab00c5b_0\n",
    );
    writeFileSync(join(dir, "environment.yml"), "dependencies:\n  - python=3.11\n  - pip\n");
    const found = declaredPythons([dir, dir], dir);
    expect(found).toEqual([
      { minor: 13, where: ".python-version:1", why: "3.13", binding: false },
      { minor: 11, where: "environment.yml:2", why: "- python=3.11", binding: false },
      { minor: 12, where: "pyproject.toml:3", why: 'requires-python = ">=3.12,<4"', binding: true },
      { minor: 12, where: "requirements.txt:3", why: "python=3.12", binding: false },
      { minor: 12, where: "runtime.txt:1", why: "python-3.12", binding: false },
      { minor: 10, where: "setup.cfg:2", why: "python_requires = ~=3.10", binding: true },
      { minor: 8, where: "setup.py:1", why: "python_requires='>=3.8'", binding: true },
    ]);
  });

  it("takes the lower bound of a specifier", () => {
    expect(lowestMinor(">=3.9, <3.13")).toBe(9);
    expect(lowestMinor("==3.12.*")).toBe(12);
    expect(lowestMinor("<3.11")).toBeUndefined();
  });
});

describe("the distribution table", () => {
  it("keeps the base set's pins equal to fixtures/emulator/requirements.txt", () => {
    const pins = readFileSync(projectPath("fixtures", "emulator", "requirements.txt"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    expect(sortedSpecs(pins)).toEqual([...BASE_SPECS]);
  });

  it("pins every entry exactly, and strips pins on request", () => {
    for (const spec of resolveImports(["boto3", "pandas", "mysql", "kafka", "faker"]).distributions) {
      expect(spec).toMatch(/^[A-Za-z0-9._-]+(\[\w+\])?==\d[\w.]*$/);
    }
    expect(unpinned("PyMySQL[rsa]==1.2.4")).toBe("PyMySQL[rsa]");
  });

  it("says why pip failed in one line", () => {
    const output = [
      "ERROR: Could not find a version that satisfies the requirement numpy==1.0.0 (from versions: 1.3.0, 1.4.1)",
      "ERROR: No matching distribution found for numpy==1.0.0",
    ].join("\n");
    expect(pipReason(output)).toBe("Could not find a version that satisfies the requirement numpy==1.0.0");
  });
});

describe("the base set's own dependencies", () => {
  it("need no virtualenv of their own: urllib3 comes with requests, cryptography with PyMySQL[rsa]", () => {
    expect(beyondBase(["urllib3==2.8.0", "cryptography==51.0.1", "boto3==1.44.18"])).toEqual(["boto3==1.44.18"]);
  });
});
