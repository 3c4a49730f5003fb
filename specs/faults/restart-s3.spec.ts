import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3Client, startNativeS3, type StartedS3 } from "../../harness/components/s3/index.ts";
import { config } from "../../harness/config.ts";
import { processesMentioning } from "../support/processes.ts";

// An S3 of its own (not the shared stack's), so that killing it disturbs no other spec.
const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-restart-s3-"));
let store: StartedS3;
// One client for the whole spec: it keeps the endpoint and keys it was made with, as the sink does.
let client: S3Client;

beforeAll(async () => {
  store = await startNativeS3({
    stackDir,
    logDir: join(stackDir, "logs"),
    cacheDir: config().cacheDir,
    bucket: "user-restart-bucket",
  });
  client = createS3Client(store);
}, 120_000);

afterAll(async () => {
  client?.destroy();
  await store?.stop();
  rmSync(stackDir, { recursive: true, force: true });
});

async function put(key: string, body: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: store.bucket, Key: key, Body: body }));
}

async function get(key: string): Promise<string | undefined> {
  const got = await client.send(new GetObjectCommand({ Bucket: store.bucket, Key: key }));
  return got.Body?.transformToString("utf8");
}

const serverPids = (): number[] => processesMentioning(join(stackDir, "s3"));

describe("s3 started again in place", () => {
  it("answers at the same endpoint with the same keys after a kill, its objects kept", async () => {
    const key = "topics/restart.pin/partition=0/restart.pin+0+0000000000.json";
    const body = '{"index":1,"title":"📌"}\n';
    await put(key, body);
    const [pid] = serverPids();
    expect(pid).toBeDefined();

    await store.kill();
    expect(store.running).toBe(false);
    expect(serverPids()).toEqual([]);
    await expect(get(key)).rejects.toThrow();

    await store.start();
    expect(store.running).toBe(true);
    expect(serverPids()).not.toContain(pid);
    expect(await get(key)).toBe(body);
  }, 60_000);

  it("comes back after a graceful stop too, and takes new objects", async () => {
    await store.stop();
    await store.stop();
    expect(serverPids()).toEqual([]);
    await store.start();
    await store.start();
    await put("after-stop.json", "{}\n");
    await store.kill();
    await store.start();
    expect(await get("after-stop.json")).toBe("{}\n");
    expect(await get("topics/restart.pin/partition=0/restart.pin+0+0000000000.json")).toContain("📌");
  }, 90_000);

  it("leaves no process behind once stopped", async () => {
    await store.stop();
    expect(processesMentioning(stackDir)).toEqual([]);
  });
});
