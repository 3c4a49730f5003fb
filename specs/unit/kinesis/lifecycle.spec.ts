import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isPinpipeError } from "../../../harness/errors.ts";
import { clockedKinesis, errorOf, type ClockedKinesis } from "./clocked-kinesis.ts";

let k: ClockedKinesis;
afterEach(() => k.close());

const status = (answer: { json: () => Record<string, unknown> }): unknown =>
  (answer.json().StreamDescription as { StreamStatus: string }).StreamStatus;

describe("Kinesis stream lifecycle", () => {
  it("is CREATING for the configured delay, with no shards to read or write, then ACTIVE", () => {
    k = clockedKinesis({ createDelayMs: 500 });
    expect(k.call("CreateStream", { StreamName: "s", ShardCount: 2 }).text).toBe("");
    const creating = k.call("DescribeStream", { StreamName: "s" }).json() as {
      StreamDescription: Record<string, unknown>;
    };
    expect(creating.StreamDescription).toMatchObject({ StreamStatus: "CREATING", Shards: [], HasMoreShards: false });
    expect(errorOf(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "" }))).toEqual({
      __type: "ResourceNotFoundException",
      message: "Stream s under account 000000000000 not found.",
    });
    expect(errorOf(k.call("PutRecords", { StreamName: "s", Records: [{ PartitionKey: "k", Data: "" }] })).__type).toBe(
      "ResourceNotFoundException",
    );
    expect(
      errorOf(k.call("GetShardIterator", { StreamName: "s", ShardId: "shardId-0", ShardIteratorType: "LATEST" })),
    ).toEqual({
      __type: "ResourceNotFoundException",
      message: "Shard shardId-000000000000 in stream s under account 000000000000 does not exist",
    });
    expect(errorOf(k.call("ListShards", { StreamName: "s" }))).toEqual({
      __type: "ResourceInUseException",
      message: "Stream s under account 000000000000 not ACTIVE, instead in state CREATING",
    });
    expect(errorOf(k.call("CreateStream", { StreamName: "s", ShardCount: 1 }))).toEqual({
      __type: "ResourceInUseException",
      message: "Stream s under account 000000000000 already exists.",
    });

    k.advance(499);
    expect(status(k.call("DescribeStream", { StreamName: "s" }))).toBe("CREATING");
    k.advance(1);
    expect(status(k.call("DescribeStream", { StreamName: "s" }))).toBe("ACTIVE");
    expect(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "" }).status).toBe(200);
  });

  it("is DELETING for the configured delay, still readable, then gone with its files", () => {
    k = clockedKinesis({ deleteDelayMs: 500 });
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "" });
    const folder = join(k.dir, "streams", "stream-s");
    expect(readdirSync(folder).sort()).toEqual(["meta.json", "shardId-000000000000.jsonl"]);

    expect(k.call("DeleteStream", { StreamName: "s" }).status).toBe(200);
    expect(status(k.call("DescribeStream", { StreamName: "s" }))).toBe("DELETING");
    expect(k.call("PutRecord", { StreamName: "s", PartitionKey: "k", Data: "" }).status).toBe(200);
    const listed = k.call("ListStreams", {}).json() as { StreamSummaries: { StreamStatus: string }[] };
    expect(listed.StreamSummaries.map((summary) => summary.StreamStatus)).toEqual(["DELETING"]);

    k.advance(500);
    expect(errorOf(k.call("DescribeStream", { StreamName: "s" }))).toEqual({
      __type: "ResourceNotFoundException",
      message: "Stream s under account 000000000000 not found.",
    });
    expect(existsSync(folder)).toBe(false);
    expect(k.call("ListStreams", {}).json()).toEqual({ StreamNames: [], HasMoreStreams: false, StreamSummaries: [] });
    // The name is free again.
    expect(k.call("CreateStream", { StreamName: "s", ShardCount: 1 }).status).toBe(200);
  });

  it("keeps streams and their state across a restart, a deletion under way included", () => {
    k = clockedKinesis({ deleteDelayMs: 1000 });
    k.call("CreateStream", { StreamName: "kept", ShardCount: 2 });
    k.call("CreateStream", { StreamName: "going", ShardCount: 1 });
    k.call("DeleteStream", { StreamName: "going" });
    k = k.reopen();
    expect(k.call("ListStreams", {}).json().StreamNames).toEqual(["going", "kept"]);
    expect(status(k.call("DescribeStream", { StreamName: "going" }))).toBe("DELETING");
    k.advance(1000);
    expect(k.call("ListStreams", {}).json().StreamNames).toEqual(["kept"]);
  });

  it("refuses to start on a folder whose streams it cannot read, saying what to do", () => {
    k = clockedKinesis();
    k.call("CreateStream", { StreamName: "s", ShardCount: 1 });
    writeFileSync(join(k.dir, "streams", "stream-s", "meta.json"), "{not json");
    let failure: unknown;
    try {
      k = k.reopen();
    } catch (error) {
      failure = error;
    }
    expect(isPinpipeError(failure, "PINPIPE_START_FAILED")).toBe(true);
    expect((failure as Error).message).toMatch(
      /^kinesis cannot read its streams in .*: .*\. Remove that folder to start with no streams\.$/,
    );
  });

  it("answers DeleteStream for a stream that is not there with ResourceNotFoundException", () => {
    k = clockedKinesis();
    expect(errorOf(k.call("DeleteStream", { StreamName: "nope" }))).toEqual({
      __type: "ResourceNotFoundException",
      message: "Stream nope under account 000000000000 not found.",
    });
  });
});
