import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJournal } from "../../../harness/components/gateway/journal.ts";
import { startGatewayThread } from "../../../harness/components/gateway/thread.ts";
import { ErrorCode, isPinpipeError } from "../../../harness/errors.ts";

// A produce endpoint that answers like the REST proxy, on loopback.
const upstream = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = '{"offsets":[{"partition":0,"offset":7,"error_code":null,"error":null}]}';
    const answer = (): void => {
      res.writeHead(200, { "Content-Type": "application/vnd.kafka.v2+json", "Content-Length": body.length });
      res.end(body);
    };
    // A slow topic answers late, as a produce over a slow link does.
    if (req.url?.includes("slow")) setTimeout(answer, 400);
    else answer();
  });
});
let target: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

describe("the gateway on a thread of its own", () => {
  it("proxies like the in-process gateway and journals every answer once flushLogs() resolves", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-thread-"));
    const journalFile = join(dir, "journal.jsonl");
    const gateway = await startGatewayThread({ target, stage: "prod", accessLogFile: false, journalFile });
    try {
      expect(gateway.invokeUrl).toBe(`http://127.0.0.1:${gateway.port}/prod`);
      expect(gateway.journalFile).toBe(journalFile);
      const response = await fetch(`${gateway.invokeUrl}/topics/a.pin`, {
        method: "POST",
        headers: { "content-type": "application/vnd.kafka.json.v2+json" },
        body: '{"records":[{"value":{"n":1}}]}',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.text()).toContain('"offset":7');
      await gateway.flushLogs();
      const entries = await readJournal(journalFile);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ method: "POST", url: "/prod/topics/a.pin", status: 200 });
    } finally {
      await gateway.stop();
    }
    // Stopped means closed: nothing listens on its port any more.
    await expect(fetch(`${gateway.invokeUrl}/topics/a.pin`)).rejects.toThrow();
  });

  it("settle() waits for a call its client gave up on, and then finds it in the journal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-thread-"));
    const journalFile = join(dir, "journal.jsonl");
    const gateway = await startGatewayThread({ target, stage: "prod", accessLogFile: false, journalFile });
    try {
      const abandoned = fetch(`${gateway.invokeUrl}/topics/a.slow`, {
        method: "POST",
        headers: { "content-type": "application/vnd.kafka.json.v2+json" },
        body: '{"records":[{"value":{"n":1}}]}',
        signal: AbortSignal.timeout(100),
      });
      await expect(abandoned).rejects.toThrow();
      await gateway.settle();
      const entries = await readJournal(journalFile);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ url: "/prod/topics/a.slow", status: 200, integration: { status: 200 } });
    } finally {
      await gateway.stop();
    }
  });

  it("fails to start with the same typed error as in process when its port is taken", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const error: unknown = await startGatewayThread({ target, port, accessLogFile: false, journalFile: false }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(isPinpipeError(error, ErrorCode.PortInUse)).toBe(true);
      expect((error as Error).message).toContain(String(port));
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });

  it("setFaults() switches the thread's faults, refuses invalid ones with InvalidOption, and off restores", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-thread-"));
    const journalFile = join(dir, "journal.jsonl");
    const gateway = await startGatewayThread({ target, accessLogFile: false, journalFile });
    const post = (): Promise<Response> =>
      fetch(`${gateway.invokeUrl}/topics/a.pin`, { method: "POST", body: '{"records":[]}' });
    try {
      await gateway.setFaults({ errorRate: 1 });
      const failed = await post();
      expect(failed.status).toBe(500);
      expect(failed.headers.get("content-type")).toBe("application/json");
      expect(failed.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
      expect(await failed.text()).toBe('{"message": "Internal server error"}');

      const error: unknown = await gateway.setFaults({ errorRate: -0.5 }).then(
        () => undefined,
        (refused: unknown) => refused,
      );
      expect(isPinpipeError(error, ErrorCode.InvalidOption)).toBe(true);
      expect((error as Error).message).toContain("errorRate must be a number from 0 to 1");

      await gateway.setFaults({ throttle: { rateLimit: 0, burstLimit: 0 } });
      const throttled = await post();
      expect(throttled.status).toBe(429);
      expect(await throttled.text()).toBe('{"message":"Too Many Requests"}');

      await gateway.setFaults({ latencyMs: 80 });
      const started = performance.now();
      const slowed = await post();
      expect(performance.now() - started).toBeGreaterThanOrEqual(79);
      expect(slowed.status).toBe(200);
      await slowed.text();

      await gateway.setFaults("off");
      const restored = await post();
      expect(restored.status).toBe(200);
      await restored.text();

      await gateway.flushLogs();
      const entries = await readJournal(journalFile);
      expect(entries.map((entry) => [entry.status, entry.fault?.cause ?? null, entry.fault?.delayMs ?? null])).toEqual([
        [500, "errorRate", 0],
        [429, "throttle", 0],
        [200, null, 80],
        [200, null, null],
      ]);
    } finally {
      await gateway.stop();
    }
  });

  it("kill() and stop() may both be called, in any order, and both resolve", async () => {
    const gateway = await startGatewayThread({ target, accessLogFile: false, journalFile: false });
    await Promise.all([gateway.kill(), gateway.stop(), gateway.flushLogs()]);
    await gateway.stop();
    await expect(fetch(`${gateway.invokeUrl}/topics/a.pin`)).rejects.toThrow();
  });
});
