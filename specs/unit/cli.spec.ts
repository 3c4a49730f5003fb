import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../harness/cli.ts";

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
