import {
  CreateStreamCommand,
  DeleteStreamCommand,
  DescribeStreamCommand,
  DescribeStreamSummaryCommand,
  ListShardsCommand,
  ListStreamsCommand,
  PutRecordCommand,
  paginateListStreams,
} from "@aws-sdk/client-kinesis";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, call, kinesisUnderTest, REGION, sdkError, type KinesisUnderTest } from "./support.ts";

let k: KinesisUnderTest;
beforeAll(async () => {
  k = await kinesisUnderTest();
  await k.client.send(new CreateStreamCommand({ StreamName: "three", ShardCount: 3 }));
  await k.client.send(new CreateStreamCommand({ StreamName: "one", ShardCount: 1 }));
  await k.client.send(
    new CreateStreamCommand({ StreamName: "demand", StreamModeDetails: { StreamMode: "ON_DEMAND" } }),
  );
});
afterAll(() => k.dispose());

const arn = (name: string): string => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;

describe("Kinesis stand-in: streams through @aws-sdk/client-kinesis", () => {
  it("answers CreateStream with an empty 200", async () => {
    const response = await call(k.kinesis, "CreateStream", { StreamName: "empty-answer", ShardCount: 1 });
    expect(response.status).toBe(200);
    expect(response.text).toBe("");
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(response.headers.get("content-length")).toBe("0");
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(Buffer.from(response.headers.get("x-amz-id-2") ?? "", "base64")).toHaveLength(72);
  });

  it("describes a stream: ARN, status, mode, shards split evenly over the hash key space", async () => {
    const before = Date.now();
    const { StreamDescription: d } = await k.client.send(new DescribeStreamCommand({ StreamName: "three" }));
    expect(d).toMatchObject({
      StreamName: "three",
      StreamARN: arn("three"),
      StreamStatus: "ACTIVE",
      StreamModeDetails: { StreamMode: "PROVISIONED" },
      HasMoreShards: false,
      RetentionPeriodHours: 24,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: "NONE",
    });
    expect(d?.StreamCreationTimestamp?.getTime()).toBeLessThanOrEqual(before);
    expect(d?.Shards?.map((shard) => [shard.ShardId, shard.HashKeyRange])).toEqual([
      ["shardId-000000000000", { StartingHashKey: "0", EndingHashKey: "113427455640312821154458202477256070484" }],
      [
        "shardId-000000000001",
        {
          StartingHashKey: "113427455640312821154458202477256070485",
          EndingHashKey: "226854911280625642308916404954512140969",
        },
      ],
      [
        "shardId-000000000002",
        {
          StartingHashKey: "226854911280625642308916404954512140970",
          EndingHashKey: "340282366920938463463374607431768211455",
        },
      ],
    ]);
    for (const shard of d?.Shards ?? []) {
      expect(shard.SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{56}$/);
      expect(shard.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
    }
  });

  it("writes timestamps as Kinesis's JSON writer does: epoch seconds in Java's double notation", async () => {
    const response = await call(k.kinesis, "DescribeStreamSummary", { StreamName: "one" });
    expect(response.text).toMatch(/"StreamCreationTimestamp":1\.\d+E9[,}]/);
  });

  it("pages DescribeStream's shards", async () => {
    const first = await k.client.send(new DescribeStreamCommand({ StreamName: "three", Limit: 2 }));
    expect(first.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual([
      "shardId-000000000000",
      "shardId-000000000001",
    ]);
    expect(first.StreamDescription?.HasMoreShards).toBe(true);
    const rest = await k.client.send(
      new DescribeStreamCommand({ StreamName: "three", Limit: 2, ExclusiveStartShardId: "shardId-000000000001" }),
    );
    expect(rest.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002"]);
    expect(rest.StreamDescription?.HasMoreShards).toBe(false);
  });

  it("summarises a stream, found by name or by ARN", async () => {
    const byName = await k.client.send(new DescribeStreamSummaryCommand({ StreamName: "three" }));
    expect(byName.StreamDescriptionSummary).toMatchObject({
      StreamName: "three",
      StreamARN: arn("three"),
      StreamStatus: "ACTIVE",
      StreamModeDetails: { StreamMode: "PROVISIONED" },
      RetentionPeriodHours: 24,
      EncryptionType: "NONE",
      OpenShardCount: 3,
      ConsumerCount: 0,
    });
    const byArn = await k.client.send(new DescribeStreamSummaryCommand({ StreamARN: arn("three") }));
    expect(byArn.StreamDescriptionSummary?.StreamName).toBe("three");
    const otherAccount = await sdkError(
      k.client.send(
        new DescribeStreamSummaryCommand({ StreamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/three" }),
      ),
    );
    expect(otherAccount).toEqual({
      name: "ResourceNotFoundException",
      message: "Stream three under account 123456789012 not found.",
      status: 400,
    });
  });

  it("makes an on-demand stream with four shards", async () => {
    const summary = await k.client.send(new DescribeStreamSummaryCommand({ StreamName: "demand" }));
    expect(summary.StreamDescriptionSummary).toMatchObject({
      StreamModeDetails: { StreamMode: "ON_DEMAND" },
      OpenShardCount: 4,
    });
  });

  it("lists streams by name with their summaries, a page at a time", async () => {
    const all = await k.client.send(new ListStreamsCommand({}));
    expect(all.StreamNames).toEqual(["demand", "empty-answer", "one", "three"]);
    expect(all.HasMoreStreams).toBe(false);
    expect(all.NextToken).toBeUndefined();
    expect(all.StreamSummaries?.[2]).toEqual({
      StreamName: "one",
      StreamARN: arn("one"),
      StreamStatus: "ACTIVE",
      StreamModeDetails: { StreamMode: "PROVISIONED" },
      StreamCreationTimestamp: expect.any(Date),
    });
    const page = await k.client.send(new ListStreamsCommand({ Limit: 2 }));
    expect(page).toMatchObject({ StreamNames: ["demand", "empty-answer"], HasMoreStreams: true });
    expect(page.NextToken).toBeTruthy();
    const next = await k.client.send(new ListStreamsCommand({ Limit: 2, NextToken: page.NextToken }));
    expect(next.StreamNames).toEqual(["one", "three"]);
    const after = await k.client.send(new ListStreamsCommand({ ExclusiveStartStreamName: "one" }));
    expect(after.StreamNames).toEqual(["three"]);
    const names: string[] = [];
    for await (const p of paginateListStreams({ client: k.client, pageSize: 1 }, {}))
      names.push(...(p.StreamNames ?? []));
    expect(names).toEqual(["demand", "empty-answer", "one", "three"]);
  });

  it("lists shards, with NextToken paging and shard filters", async () => {
    const all = await k.client.send(new ListShardsCommand({ StreamName: "three" }));
    expect(all.Shards?.map((s) => s.ShardId)).toEqual([
      "shardId-000000000000",
      "shardId-000000000001",
      "shardId-000000000002",
    ]);
    expect(all.NextToken).toBeUndefined();
    const first = await k.client.send(new ListShardsCommand({ StreamName: "three", MaxResults: 2 }));
    expect(first.Shards).toHaveLength(2);
    const rest = await k.client.send(new ListShardsCommand({ NextToken: first.NextToken }));
    expect(rest.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000002"]);
    const after = await k.client.send(
      new ListShardsCommand({
        StreamARN: arn("three"),
        ShardFilter: { Type: "AFTER_SHARD_ID", ShardId: "shardId-000000000000" },
      }),
    );
    expect(after.Shards?.map((s) => s.ShardId)).toEqual(["shardId-000000000001", "shardId-000000000002"]);
    expect(
      await sdkError(k.client.send(new ListShardsCommand({ StreamName: "three", NextToken: first.NextToken }))),
    ).toEqual({
      name: "InvalidArgumentException",
      message: "NextToken and StreamName cannot be provided together.",
      status: 400,
    });
    expect(await sdkError(k.client.send(new ListShardsCommand({})))).toEqual({
      name: "InvalidArgumentException",
      message: "Either NextToken or StreamName should be provided.",
      status: 400,
    });
  });
});

describe("Kinesis stand-in: CREATING and DELETING", () => {
  let slow: KinesisUnderTest;
  beforeAll(async () => {
    slow = await kinesisUnderTest({ createDelayMs: 400, deleteDelayMs: 400 });
  });
  afterAll(() => slow.dispose());

  const statusOf = async (name: string): Promise<string | undefined> =>
    (await slow.client.send(new DescribeStreamSummaryCommand({ StreamName: name }))).StreamDescriptionSummary
      ?.StreamStatus;

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the stream did not change state in 5 s");
  }

  it("creates a stream that is CREATING and refuses records until it is ACTIVE", async () => {
    await slow.client.send(new CreateStreamCommand({ StreamName: "fresh", ShardCount: 1 }));
    expect(await statusOf("fresh")).toBe("CREATING");
    expect(
      await sdkError(
        slow.client.send(new PutRecordCommand({ StreamName: "fresh", PartitionKey: "k", Data: Buffer.from("x") })),
      ),
    ).toEqual({
      name: "ResourceNotFoundException",
      message: `Stream fresh under account ${ACCOUNT} not found.`,
      status: 400,
    });
    await until(
      () => statusOf("fresh"),
      (status) => status === "ACTIVE",
    );
    const put = await slow.client.send(
      new PutRecordCommand({ StreamName: "fresh", PartitionKey: "k", Data: Buffer.from("x") }),
    );
    expect(put.ShardId).toBe("shardId-000000000000");
  });

  it("deletes a stream: DELETING, then gone with its files", async () => {
    await slow.client.send(new CreateStreamCommand({ StreamName: "doomed", ShardCount: 1 }));
    await until(
      () => statusOf("doomed"),
      (status) => status === "ACTIVE",
    );
    await slow.client.send(new DeleteStreamCommand({ StreamName: "doomed" }));
    expect(await statusOf("doomed")).toBe("DELETING");
    const gone = await until(
      () => sdkError(slow.client.send(new DescribeStreamCommand({ StreamName: "doomed" }))).catch(() => undefined),
      (error) => error !== undefined,
    );
    expect(gone).toEqual({
      name: "ResourceNotFoundException",
      message: `Stream doomed under account ${ACCOUNT} not found.`,
      status: 400,
    });
    expect(existsSync(join(slow.kinesis.dataDir, "streams", "stream-doomed"))).toBe(false);
  });
});
