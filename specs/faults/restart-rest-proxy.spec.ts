import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { request } from "node:http";
import { join } from "node:path";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { READY_LINE, startRestProxy, type StartedRestProxy } from "../../harness/components/rest-proxy/index.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { createTopicsAndWait } from "../../harness/runtime/kafka-admin.ts";

// A proxy of its own on the shared stack's Kafka, so that killing it disturbs no other spec.
const stack = inject("stack");
const dir = mkdtempSync(join(tmpdir(), "pinpipe-restart-rest-proxy-"));
const logFile = join(dir, "rest-proxy.log");
const suffix = randomBytes(4).toString("hex");
const TOPIC = `restart-rp-${suffix}`;
const GROUP = `restart-rp-group-${suffix}`;
const V2 = "application/vnd.kafka.v2+json";
const JSON_V2 = "application/vnd.kafka.json.v2+json";
let proxy: StartedRestProxy;
let admin: Admin;

beforeAll(async () => {
  admin = new Kafka({ brokers: stack.kafka.bootstrapServers.split(","), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await createTopicsAndWait(admin, [{ topic: TOPIC, numPartitions: 1 }]);
  proxy = await startRestProxy({
    bootstrapServers: stack.kafka.bootstrapServers,
    port: 0,
    logFile,
    // Lets a read wait long enough to be in flight when the proxy dies.
    properties: { "consumer.request.timeout.ms": "20000" },
  });
});

afterAll(async () => {
  await proxy?.stop();
  await admin?.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

async function call(
  method: string,
  path: string,
  options: { body?: unknown; type?: string; accept?: string } = {},
): Promise<Answer> {
  const response = await fetch(`${proxy.url}${path}`, {
    method,
    headers: { accept: options.accept ?? V2, ...(options.type ? { "content-type": options.type } : {}) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === "" ? undefined : JSON.parse(text) };
}

/** Produces one record through the proxy; returns the offset it was stored at. */
async function produce(n: number): Promise<number> {
  const { status, json } = await call("POST", `/topics/${TOPIC}`, {
    body: { records: [{ value: { n } }] },
    type: JSON_V2,
  });
  expect(status).toBe(200);
  return json.offsets[0].offset as number;
}

/** A GET whose outcome (an answer or the error that cut it) settles as a value, and which says once it is sent. */
function inFlight(url: string): { sent: Promise<void>; outcome: Promise<string | Error> } {
  let sent: Promise<void> = Promise.resolve();
  const outcome = new Promise<string | Error>((resolve) => {
    const req = request(url, { headers: { accept: JSON_V2 } }, (res) => {
      res.resume();
      res.on("end", () => resolve(`answered ${res.statusCode}`));
      res.on("error", resolve);
    });
    req.on("error", resolve);
    sent = new Promise((done) => req.on("finish", done));
    req.end();
  });
  return { sent, outcome };
}

async function members(): Promise<number> {
  const [group] = (await admin.describeGroups([GROUP])).groups;
  return group?.members.length ?? 0;
}

describe("the REST proxy started again in place", () => {
  it("kill() cuts what is in flight and says no goodbye; start() serves the same URL, the records kept", async () => {
    const url = proxy.url;
    expect(await produce(1)).toBe(0);
    const created = await call("POST", `/consumers/${GROUP}`, {
      body: { name: "reader", format: "json", "auto.offset.reset": "earliest" },
      type: V2,
    });
    expect(created.status).toBe(200);
    const base = new URL(created.json.base_uri as string).pathname;
    expect((await call("POST", `${base}/subscription`, { body: { topics: [TOPIC] }, type: V2 })).status).toBe(204);
    // The first reads start the instance's consumer; it has joined its group once it hands out the record.
    await pollUntil(
      async () =>
        (await call("GET", `${base}/records?timeout=1000`, { accept: JSON_V2 })).json?.length ? true : undefined,
      { name: "the consumer instance to read the record", timeoutMs: 30_000 },
    );
    expect(await members()).toBe(1);

    // A read that waits for records that never come: sent, and in flight when the proxy dies.
    const read = inFlight(`${url}${base}/records?timeout=20000`);
    await read.sent;
    await proxy.kill();
    expect(proxy.running).toBe(false);
    expect(await read.outcome).toBeInstanceOf(Error);
    await expect(fetch(`${url}/topics`)).rejects.toThrow();
    // A crash leaves no group: the dead instance stays a member until its session ends.
    expect(await members()).toBe(1);

    await proxy.start();
    expect(proxy.running).toBe(true);
    expect(proxy.url).toBe(url);
    expect(await produce(2)).toBe(1);
    // Instances lived in the dead proxy's memory, as in the real one's.
    const gone = await call("GET", `${base}/records`, { accept: JSON_V2 });
    expect(gone.status).toBe(404);
    expect(gone.json.error_code).toBe(40403);
  });

  it("comes back after a graceful stop too, logging to the same file", async () => {
    await proxy.stop();
    await proxy.stop();
    await expect(fetch(`${proxy.url}/topics`)).rejects.toThrow();
    await proxy.start();
    await proxy.start();
    expect(await produce(3)).toBe(2);
    expect(readFileSync(logFile, "utf8").split(READY_LINE).length - 1).toBe(3);
  });
});
