import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it, vi } from "vitest";
import { startRestProxy } from "../../../harness/components/rest-proxy/index.ts";
import { main } from "../../../harness/cli.ts";
import { freePort } from "../../../harness/runtime/ports.ts";

// Checklist item 31 and the standalone command. These start pinpipe's own proxy, so they skip for an external one.
const external = process.env.PINPIPE_REST_PROXY_URL !== undefined;
const READY = "Server started, listening for requests...";

describe.skipIf(external)("rest proxy lifecycle", () => {
  it("31: logs the ready line before serving the first request", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-log-"));
    const logFile = join(dir, "rest-proxy.log");
    const proxy = await startRestProxy({ bootstrapServers: inject("stack").kafka.bootstrapServers, port: 0, logFile });
    expect((await fetch(`${proxy.url}/`)).status).toBe(200);
    await proxy.stop();
    const lines = (await readFile(logFile, "utf8")).split("\n");
    const ready = lines.findIndex((l) => l.includes(READY));
    const first = lines.findIndex((l) => l.includes('"GET / HTTP/1.1" 200'));
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(first).toBeGreaterThan(ready);
    expect(lines[ready]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] INFO Server started, listening for requests\.\.\./,
    );
    await rm(dir, { recursive: true });
  });

  it("runs from a kafka-rest.properties file until SIGTERM", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-cmd-"));
    const config = join(dir, "kafka-rest.properties");
    // A port known to be free: a random one can be an ephemeral port some other connection holds.
    const port = await freePort();
    await writeFile(
      config,
      `listeners=http://127.0.0.1:${port}\nbootstrap.servers=${inject("stack").kafka.bootstrapServers}\n`,
    );
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import(${JSON.stringify(new URL("../../../harness/components/rest-proxy/command.ts", import.meta.url).href)}).then(async (m) => { process.exitCode = await m.restProxyCommand.run(["--config", ${JSON.stringify(config)}]); })`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line: ${out}`)), 20_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before the ready line: ${out}`));
      });
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes(READY)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    await rm(dir, { recursive: true });
  }, 30_000);

  it("refuses a configuration without bootstrap.servers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rp-bad-"));
    const config = join(dir, "kafka-rest.properties");
    await writeFile(config, "listeners=http://127.0.0.1:0\n");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["rest-proxy", "--config", config])).toBe(1);
      expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toContain("bootstrap.servers");
    } finally {
      stderr.mockRestore();
    }
    await rm(dir, { recursive: true });
  });
});
