import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { COMMAND_DECLARATIONS, main } from "../../harness/cli.ts";
import { withCommandReference } from "../support/command-reference.ts";
import { projectPath } from "../../harness/paths.ts";

const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
afterEach(() => {
  stderr.mockClear();
  stdout.mockClear();
});

const printed = (spy: typeof stderr): string => spy.mock.calls.map((c) => String(c[0])).join("");

describe("pinpipe command line", () => {
  it("lists every command for help, and exits 2 with no command", async () => {
    expect(await main(["help"])).toBe(0);
    const overview = printed(stdout).replace(/\s+/g, " ");
    for (const declaration of COMMAND_DECLARATIONS) expect(overview).toContain(declaration.summary);
    expect(await main([])).toBe(2);
  });

  it.each(COMMAND_DECLARATIONS.map((d) => [d.name, d] as const))(
    "answers `pinpipe %s --help` and `pinpipe help %s` from its declaration",
    async (name, declaration) => {
      expect(await main([name, "--help"])).toBe(0);
      const help = printed(stdout);
      stdout.mockClear();
      expect(await main(["help", name])).toBe(0);
      expect(printed(stdout)).toBe(help);
      expect(help).toContain(`Usage: pinpipe ${name}`);
      for (const [option, spec] of Object.entries(declaration.options)) {
        if (spec.hidden) expect(help).not.toContain(`--${option}`);
        else expect(help).toContain(`--${option}`);
      }
    },
  );

  it("exits 2 on an unknown command or option, naming it and pointing to --help", async () => {
    expect(await main(["upp"])).toBe(2);
    expect(printed(stderr)).toContain('unknown command "upp"');
    expect(await main(["run", "--bogus"])).toBe(2);
    expect(printed(stderr)).toContain(
      "pinpipe run: unknown option --bogus; `pinpipe run --help` lists its options\n  [PINPIPE_INVALID_OPTION]",
    );
    expect(await main(["up", "--detatch"])).toBe(2);
    expect(printed(stderr)).toContain("unknown option --detatch (did you mean --detach?)");
    expect(await main(["run", "--records"])).toBe(2);
    expect(printed(stderr)).toContain("pinpipe run: --records needs a value");
    expect(await main(["gateway", "--port", "4000"])).toBe(2);
    expect(printed(stderr)).toContain("pinpipe gateway: --target is required");
  });

  it("rejects a bad runtime and a bad broker count before starting anything", async () => {
    expect(await main(["up", "--runtime", "podman"])).toBe(2);
    expect(printed(stderr)).toContain("--runtime must be one of auto, native, docker");
    expect(await main(["up", "--brokers", "zero"])).toBe(2);
    expect(printed(stderr)).toContain("--brokers must be a positive integer");
  });

  it("keeps the README's command reference equal to the declarations (`npm run docs` rewrites it)", () => {
    const readme = readFileSync(projectPath("README.md"), "utf8");
    expect(withCommandReference(readme)).toBe(readme);
  });
});

describe("pinpipe up --detach whose stack cannot start", () => {
  it("exits with the background process's cause at once, not after its wait runs out", async () => {
    const home = mkdtempSync(join(tmpdir(), "pinpipe-detach-"));
    const started = Date.now();
    // A Docker host that cannot answer, so no machine this runs on has the engine --runtime docker asks for.
    const failed = await promisify(execFile)(
      process.execPath,
      [projectPath("bin", "pinpipe.js"), "up", "--detach", "--runtime", "docker"],
      { env: { ...process.env, PINPIPE_HOME: home, DOCKER_HOST: `unix://${join(home, "no-engine.sock")}` } },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/The stack did not start[\s\S]*no Docker engine answers[\s\S]*PINPIPE_START_FAILED/);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
