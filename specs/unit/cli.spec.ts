import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../harness/cli.ts";
import { projectPath } from "../../harness/paths.ts";

const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
afterEach(() => {
  stderr.mockClear();
  stdout.mockClear();
});

const printed = (spy: typeof stderr): string => spy.mock.calls.map((c) => String(c[0])).join("");

describe("pinpipe command line", () => {
  it("prints the usage for help, and exits 2 with no command", async () => {
    expect(await main(["help"])).toBe(0);
    expect(printed(stdout)).toContain("pinpipe up [--runtime auto|native|docker] [--detach] [--json]");
    expect(await main([])).toBe(2);
  });

  it("exits 2 on an unknown command or option, naming it", async () => {
    expect(await main(["upp"])).toBe(2);
    expect(printed(stderr)).toContain('unknown command "upp"');
    expect(await main(["up", "--detatch"])).toBe(2);
    expect(printed(stderr)).toMatch(/--detatch[\s\S]*PINPIPE_INVALID_OPTION/);
  });

  it("rejects a bad runtime and a bad broker count before starting anything", async () => {
    expect(await main(["up", "--runtime", "podman"])).toBe(2);
    expect(printed(stderr)).toContain("--runtime must be one of auto, native, docker");
    expect(await main(["up", "--brokers", "zero"])).toBe(2);
    expect(printed(stderr)).toContain("--brokers must be a positive integer");
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
