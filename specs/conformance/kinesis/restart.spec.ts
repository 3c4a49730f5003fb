import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
} from "@aws-sdk/client-kinesis";
import { afterEach, describe, expect, it } from "vitest";
import { startKinesis } from "../../../harness/components/kinesis/index.ts";
import { kinesisUnderTest, sdkClient, type KinesisUnderTest } from "./support.ts";

let k: KinesisUnderTest | undefined;
afterEach(async () => {
  await k?.dispose();
  k = undefined;
});

const data = (records: { Data?: Uint8Array }[] | undefined): string[] =>
  (records ?? []).map((record) => Buffer.from(record.Data ?? []).toString());

describe("Kinesis stand-in: stop, kill and start in place", () => {
  it("serves the same streams, records and iterators on the same port after stop() and start()", async () => {
    k = await kinesisUnderTest();
    const { kinesis, client } = k;
    await client.send(new CreateStreamCommand({ StreamName: "kept", ShardCount: 2 }));
    const first = await client.send(
      new PutRecordCommand({ StreamName: "kept", PartitionKey: "a", Data: Buffer.from("one") }),
    );
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({ StreamName: "kept", ShardId: first.ShardId, ShardIteratorType: "TRIM_HORIZON" }),
    );
    const port = kinesis.port;

    await kinesis.stop();
    expect(kinesis.running).toBe(false);
    await kinesis.stop();
    await kinesis.start();
    expect(kinesis.running).toBe(true);
    expect(kinesis.port).toBe(port);

    expect((await client.send(new ListStreamsCommand({}))).StreamNames).toEqual(["kept"]);
    const second = await client.send(
      new PutRecordCommand({ StreamName: "kept", PartitionKey: "a", Data: Buffer.from("two") }),
    );
    expect(BigInt(second.SequenceNumber as string)).toBeGreaterThan(BigInt(first.SequenceNumber as string));
    const got = await client.send(new GetRecordsCommand({ ShardIterator }));
    expect(data(got.Records)).toEqual(["one", "two"]);
  });

  it("keeps every acknowledged record through kill() and start()", async () => {
    k = await kinesisUnderTest({ writeLimits: false });
    const { kinesis, client } = k;
    await client.send(new CreateStreamCommand({ StreamName: "crash", ShardCount: 1 }));
    const records = Array.from({ length: 300 }, (_, i) => ({ PartitionKey: `k${i}`, Data: Buffer.from(`r${i}`) }));
    await client.send(new PutRecordsCommand({ StreamName: "crash", Records: records }));
    await kinesis.kill();
    expect(kinesis.running).toBe(false);
    await kinesis.start();
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamName: "crash",
        ShardId: "shardId-000000000000",
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    const got = await client.send(new GetRecordsCommand({ ShardIterator }));
    expect(data(got.Records)).toEqual(records.map((record) => record.Data.toString()));
  });

  it("frees its port on stop, and a new component on the same folder sees the streams", async () => {
    const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-kinesis-"));
    try {
      const first = await startKinesis({ stackDir, createDelayMs: 0 });
      const client = sdkClient(first);
      await client.send(new CreateStreamCommand({ StreamName: "folder", ShardCount: 1 }));
      await first[Symbol.asyncDispose]();
      client.destroy();
      const second = await startKinesis({ stackDir, port: first.port });
      const again = sdkClient(second);
      expect((await again.send(new ListStreamsCommand({}))).StreamNames).toEqual(["folder"]);
      again.destroy();
      await second.stop();
    } finally {
      rmSync(stackDir, { recursive: true, force: true });
    }
  });
});
