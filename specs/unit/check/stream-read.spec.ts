import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutRecordCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kinesisClient, readStream } from "../../../harness/check/stream-read.ts";
import { startKinesis, type StartedKinesis } from "../../../harness/components/kinesis/index.ts";

describe("reading a stream back through the Kinesis API, as a consumer does", () => {
  let stackDir: string;
  let kinesis: StartedKinesis;
  let client: KinesisClient;
  beforeAll(async () => {
    stackDir = mkdtempSync(join(tmpdir(), "pinpipe-stream-read-"));
    kinesis = await startKinesis({
      stackDir,
      port: 0,
      createDelayMs: 0,
      streams: [
        { name: "two-shards", shardCount: 2 },
        { name: "empty", shardCount: 1 },
      ],
    });
    client = kinesisClient({ endpoint: kinesis.endpoint, region: kinesis.region, streams: [] });
  });
  afterAll(async () => {
    client.destroy();
    await kinesis.stop();
    rmSync(stackDir, { recursive: true, force: true });
  });

  it("gives every shard's records in the shard's order, from the trim horizon to the tip", async () => {
    const placed: Array<{ shard: string; sequence: string; key: string }> = [];
    for (let i = 0; i < 12; i++) {
      const key = `key-${i % 4}`;
      const answer = await client.send(
        new PutRecordCommand({ StreamName: "two-shards", PartitionKey: key, Data: Buffer.from(`{"i":${i}}`) }),
      );
      placed.push({ shard: answer.ShardId as string, sequence: answer.SequenceNumber as string, key });
    }
    const content = await readStream(client, "two-shards");
    expect([...content.keys()]).toEqual(["shardId-000000000000", "shardId-000000000001"]);
    for (const [shardId, records] of content) {
      const expected = placed.filter((p) => p.shard === shardId);
      expect(records.map((r) => [r.sequenceNumber, r.partitionKey])).toEqual(expected.map((p) => [p.sequence, p.key]));
    }
    const all = [...content.values()].flat();
    expect(all.map((r) => JSON.parse(r.data.toString("utf8")).i).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
  });

  it("lists an empty shard with no records, and a stream that does not exist with no shards", async () => {
    expect(await readStream(client, "empty")).toEqual(new Map([["shardId-000000000000", []]]));
    expect(await readStream(client, "no-such-stream")).toEqual(new Map());
  });
});
