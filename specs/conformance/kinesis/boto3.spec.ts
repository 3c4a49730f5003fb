import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../../harness/config.ts";
import { analyzeEmulator, ensureEmulatorEnv } from "../../../harness/emulator/deps/index.ts";
import { ACCOUNT, kinesisUnderTest, type KinesisUnderTest } from "./support.ts";

const run = promisify(execFile);

// What a Python producer and consumer do with boto3 (over HTTP/1.1, unlike the JavaScript SDK), printed as JSON.
const CLIENT = `
import json, sys
import boto3
from botocore.config import Config

kinesis = boto3.client(
    "kinesis",
    endpoint_url=sys.argv[1],
    region_name="us-east-1",
    aws_access_key_id="AKIAPINPIPEEXAMPLE00",
    aws_secret_access_key="not-checked",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)
out = {}
kinesis.create_stream(StreamName="py", ShardCount=2)
kinesis.get_waiter("stream_exists").wait(StreamName="py", WaiterConfig={"Delay": 1, "MaxAttempts": 5})
description = kinesis.describe_stream(StreamName="py")["StreamDescription"]
out["status"] = description["StreamStatus"]
out["shards"] = [shard["ShardId"] for shard in description["Shards"]]
out["created"] = type(description["StreamCreationTimestamp"]).__name__
put = kinesis.put_record(StreamName="py", Data=json.dumps({"index": 1}), PartitionKey="partition-1")
out["put"] = {"ShardId": put["ShardId"], "SequenceNumber": put["SequenceNumber"]}
batch = kinesis.put_records(
    StreamName="py", Records=[{"Data": b"b%d" % i, "PartitionKey": "partition-1"} for i in range(3)]
)
out["failed"] = batch["FailedRecordCount"]
iterator = kinesis.get_shard_iterator(StreamName="py", ShardId=put["ShardId"], ShardIteratorType="TRIM_HORIZON")
records = kinesis.get_records(ShardIterator=iterator["ShardIterator"])
out["records"] = [record["Data"].decode() for record in records["Records"]]
out["arrival"] = type(records["Records"][0]["ApproximateArrivalTimestamp"]).__name__
out["behind"] = records["MillisBehindLatest"]
listed = kinesis.list_streams()
out["streams"] = listed["StreamNames"]
out["summaries"] = [summary["StreamStatus"] for summary in listed["StreamSummaries"]]
try:
    kinesis.describe_stream(StreamName="nope")
except kinesis.exceptions.ResourceNotFoundException as error:
    out["notFound"] = {
        "code": error.response["Error"]["Code"],
        "message": error.response["Error"]["Message"],
        "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
    }
print(json.dumps(out))
`;

describe("Kinesis stand-in: boto3", () => {
  let k: KinesisUnderTest;
  let folder: string;
  let python: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "pinpipe-kinesis-boto3-"));
    writeFileSync(join(folder, "client.py"), CLIENT);
    // The emulators' own environment for a script that imports boto3: cached, so built once per machine.
    const needs = await analyzeEmulator({ entryScripts: ["client.py"], cwd: folder });
    python = (await ensureEmulatorEnv({ cacheDir: config().cacheDir, needs, progress: () => undefined })).python;
    k = await kinesisUnderTest();
  }, 600_000);
  afterAll(async () => {
    await k?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it("creates, describes, puts, reads and lists, and gets Kinesis's errors", async () => {
    const { stdout } = await run(python, [join(folder, "client.py"), k.kinesis.endpoint], { timeout: 60_000 });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      status: "ACTIVE",
      shards: ["shardId-000000000000", "shardId-000000000001"],
      created: "datetime",
      put: { ShardId: "shardId-000000000001", SequenceNumber: expect.stringMatching(/^\d{56}$/) },
      failed: 0,
      records: ['{"index": 1}', "b0", "b1", "b2"],
      arrival: "datetime",
      behind: 0,
      streams: ["py"],
      summaries: ["ACTIVE"],
      notFound: {
        code: "ResourceNotFoundException",
        message: `Stream nope under account ${ACCOUNT} not found.`,
        status: 400,
      },
    });
  });
});
