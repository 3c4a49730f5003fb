import { createHash } from "node:crypto";
import {
  CreateStreamCommand,
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordCommand,
  PutRecordsCommand,
  type KinesisClient,
  type ShardIteratorType,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, kinesisUnderTest, type KinesisUnderTest } from "./support.ts";

const text = (data: Uint8Array | undefined): string => Buffer.from(data ?? []).toString("utf8");

async function iterator(
  client: KinesisClient,
  stream: string,
  shardId: string,
  type: ShardIteratorType,
  extra: { StartingSequenceNumber?: string; Timestamp?: Date } = {},
): Promise<string> {
  const answer = await client.send(
    new GetShardIteratorCommand({ StreamName: stream, ShardId: shardId, ShardIteratorType: type, ...extra }),
  );
  return answer.ShardIterator as string;
}

describe("Kinesis stand-in: records through @aws-sdk/client-kinesis", () => {
  let k: KinesisUnderTest;
  beforeAll(async () => {
    k = await kinesisUnderTest();
    await k.client.send(new CreateStreamCommand({ StreamName: "records", ShardCount: 4 }));
  });
  afterAll(() => k.dispose());

  it("puts a record where the MD5 of its partition key falls and reads it back from TRIM_HORIZON", async () => {
    const put = await k.client.send(
      new PutRecordCommand({ StreamName: "records", PartitionKey: "partition-1", Data: Buffer.from('{"index":1}') }),
    );
    expect(put.SequenceNumber).toMatch(/^\d{56}$/);
    // md5("partition-1") falls in the third quarter of the hash key space.
    expect(put.ShardId).toBe("shardId-000000000002");
    const got = await k.client.send(
      new GetRecordsCommand({
        ShardIterator: await iterator(k.client, "records", "shardId-000000000002", "TRIM_HORIZON"),
      }),
    );
    expect(got.Records).toHaveLength(1);
    const [record] = got.Records ?? [];
    expect(record?.SequenceNumber).toBe(put.SequenceNumber);
    expect(record?.PartitionKey).toBe("partition-1");
    expect(text(record?.Data)).toBe('{"index":1}');
    expect(Math.abs((record?.ApproximateArrivalTimestamp?.getTime() ?? 0) - Date.now())).toBeLessThan(5000);
    expect(got.MillisBehindLatest).toBe(0);
    expect(got.NextShardIterator).toBeTruthy();
  });

  it("routes every partition key by MD5 to the shard whose hash key range holds it", async () => {
    const { StreamDescription } = await k.client.send(new DescribeStreamCommand({ StreamName: "records" }));
    const ranges = (StreamDescription?.Shards ?? []).map((shard) => ({
      id: shard.ShardId,
      start: BigInt(shard.HashKeyRange?.StartingHashKey ?? "0"),
      end: BigInt(shard.HashKeyRange?.EndingHashKey ?? "0"),
    }));
    const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const put = await k.client.send(
      new PutRecordsCommand({
        StreamName: "records",
        Records: keys.map((key) => ({ PartitionKey: key, Data: Buffer.from(key) })),
      }),
    );
    expect(put.FailedRecordCount).toBe(0);
    keys.forEach((key, i) => {
      const hash = BigInt(`0x${createHash("md5").update(key).digest("hex")}`);
      const expected = ranges.find((range) => hash >= range.start && hash <= range.end)?.id;
      expect(put.Records?.[i]?.ShardId).toBe(expected);
    });
  });

  it("routes by ExplicitHashKey when one is given", async () => {
    const at = async (hashKey: string): Promise<string | undefined> =>
      (
        await k.client.send(
          new PutRecordCommand({
            StreamName: "records",
            PartitionKey: "x",
            ExplicitHashKey: hashKey,
            Data: new Uint8Array(),
          }),
        )
      ).ShardId;
    expect(await at("0")).toBe("shardId-000000000000");
    expect(await at("85070591730234615865843651857942052864")).toBe("shardId-000000000001");
    expect(await at((2n ** 128n - 1n).toString())).toBe("shardId-000000000003");
  });

  it("keeps bytes as they were put, every byte value", async () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const put = await k.client.send(
      new PutRecordCommand({ StreamName: "records", PartitionKey: "bytes", Data: bytes }),
    );
    const got = await k.client.send(
      new GetRecordsCommand({
        ShardIterator: await iterator(k.client, "records", put.ShardId as string, "AT_SEQUENCE_NUMBER", {
          StartingSequenceNumber: put.SequenceNumber,
        }),
      }),
    );
    expect(Buffer.from(got.Records?.[0]?.Data ?? []).equals(bytes)).toBe(true);
  });

  it("reads a shard in order, a page at a time, with each iterator type", async () => {
    await k.client.send(new CreateStreamCommand({ StreamName: "ordered", ShardCount: 1 }));
    const shard = "shardId-000000000000";
    const latest = await iterator(k.client, "ordered", shard, "LATEST");
    const puts = [];
    for (let i = 0; i < 10; i++) {
      puts.push(
        await k.client.send(
          new PutRecordCommand({ StreamName: "ordered", PartitionKey: `p${i % 3}`, Data: Buffer.from(`r${i}`) }),
        ),
      );
    }
    const numbers = puts.map((put) => BigInt(put.SequenceNumber as string));
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBeGreaterThan(numbers[i - 1] as bigint);

    const read = async (start: string, limit?: number): Promise<{ data: string[]; next?: string; behind?: number }> => {
      const got = await k.client.send(new GetRecordsCommand({ ShardIterator: start, ...(limit && { Limit: limit }) }));
      return {
        data: (got.Records ?? []).map((r) => text(r.Data)),
        next: got.NextShardIterator,
        behind: got.MillisBehindLatest,
      };
    };
    // LATEST, taken before the puts, reads them all; taken now, none.
    expect((await read(latest)).data).toHaveLength(10);
    expect((await read(await iterator(k.client, "ordered", shard, "LATEST"))).data).toEqual([]);

    const page1 = await read(await iterator(k.client, "ordered", shard, "TRIM_HORIZON"), 4);
    expect(page1.data).toEqual(["r0", "r1", "r2", "r3"]);
    expect(page1.behind).toBeGreaterThanOrEqual(0);
    const page2 = await read(page1.next as string, 4);
    expect(page2.data).toEqual(["r4", "r5", "r6", "r7"]);
    const page3 = await read(page2.next as string);
    expect(page3.data).toEqual(["r8", "r9"]);
    expect(page3.behind).toBe(0);
    const page4 = await read(page3.next as string);
    expect(page4.data).toEqual([]);
    await k.client.send(new PutRecordCommand({ StreamName: "ordered", PartitionKey: "p", Data: Buffer.from("r10") }));
    expect((await read(page4.next as string)).data).toEqual(["r10"]);

    const seq = puts[5]?.SequenceNumber;
    const at = await read(
      await iterator(k.client, "ordered", shard, "AT_SEQUENCE_NUMBER", { StartingSequenceNumber: seq }),
      2,
    );
    expect(at.data).toEqual(["r5", "r6"]);
    const after = await read(
      await iterator(k.client, "ordered", shard, "AFTER_SEQUENCE_NUMBER", { StartingSequenceNumber: seq }),
      2,
    );
    expect(after.data).toEqual(["r6", "r7"]);
  });

  it("writes a PutRecord answer as Kinesis does", async () => {
    const response = await call(k.kinesis, "PutRecord", {
      StreamName: "records",
      PartitionKey: "partition-1",
      Data: Buffer.from("x").toString("base64"),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(response.text).toMatch(/^\{"SequenceNumber":"\d{56}","ShardId":"shardId-000000000002"\}$/);
  });

  it("writes a GetRecords answer as Kinesis does", async () => {
    const { ShardIterator } = await k.client.send(
      new GetShardIteratorCommand({
        StreamName: "records",
        ShardId: "shardId-000000000002",
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    const response = await call(k.kinesis, "GetRecords", { ShardIterator, Limit: 1 });
    expect(response.text).toMatch(
      /^\{"Records":\[\{"SequenceNumber":"\d{56}","ApproximateArrivalTimestamp":1\.\d+E9,"Data":"eyJpbmRleCI6MX0=","PartitionKey":"partition-1"\}\],"NextShardIterator":"AAAAAAAAAA[A-Za-z0-9+/=]+","MillisBehindLatest":\d+\}$/,
    );
  });
});

describe("Kinesis stand-in: reading by time", () => {
  let k: KinesisUnderTest;
  let clock = Date.UTC(2026, 5, 1, 12, 0, 0);
  beforeAll(async () => {
    k = await kinesisUnderTest({ now: () => clock });
    await k.client.send(new CreateStreamCommand({ StreamName: "timed", ShardCount: 1 }));
  });
  afterAll(() => k.dispose());

  it("starts AT_TIMESTAMP at the first record that arrived then or later, and says how far behind a reader is", async () => {
    const shard = "shardId-000000000000";
    for (const name of ["a", "b", "c"]) {
      await k.client.send(new PutRecordCommand({ StreamName: "timed", PartitionKey: "k", Data: Buffer.from(name) }));
      clock += 10_000;
    }
    // Arrivals at t, t+10 s and t+20 s; now is t+30 s.
    const from = async (at: number): Promise<string[]> => {
      const it = await iterator(k.client, "timed", shard, "AT_TIMESTAMP", { Timestamp: new Date(at) });
      const got = await k.client.send(new GetRecordsCommand({ ShardIterator: it }));
      return (got.Records ?? []).map((r) => text(r.Data));
    };
    expect(await from(clock - 30_000)).toEqual(["a", "b", "c"]);
    expect(await from(clock - 25_000)).toEqual(["b", "c"]);
    expect(await from(clock - 10_000)).toEqual(["c"]);
    expect(await from(clock - 1)).toEqual([]);

    const start = await iterator(k.client, "timed", shard, "TRIM_HORIZON");
    const first = await k.client.send(new GetRecordsCommand({ ShardIterator: start, Limit: 1 }));
    expect(first.Records?.[0]?.ApproximateArrivalTimestamp?.getTime()).toBe(clock - 30_000);
    // The next record to read arrived 20 s ago.
    expect(first.MillisBehindLatest).toBe(20_000);
  });
});
