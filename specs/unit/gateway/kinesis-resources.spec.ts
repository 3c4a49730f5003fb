import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kinesisProxyResources } from "../../../harness/components/gateway/kinesis-proxy-resources.ts";
import { proxyResource } from "../../../harness/components/gateway/setup.ts";
import { kinesisProxyUnderTest, type KinesisProxyUnderTest } from "./kinesis-proxy-support.ts";

let t: KinesisProxyUnderTest;
beforeAll(async () => {
  t = await kinesisProxyUnderTest({
    resources: [proxyResource("http://127.0.0.1:8082"), ...kinesisProxyResources()],
  });
});
afterAll(() => t.dispose());

const header = (answer: { headers: [string, string][] }, name: string): string | undefined =>
  answer.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

const fromBase64 = (data: unknown): string => Buffer.from(String(data), "base64").toString("utf8");

describe("the Kinesis proxy tutorial's resources, end to end", () => {
  const stream = "streaming-0a1b2c3d4e5f-pin";
  const row = {
    index: 7528,
    unique_id: "fbe53c66",
    title: "No Title Data Available",
    follower_count: "User Info Error",
  };

  it("POST /streams/{stream-name} creates the stream with the template's 5 shards, answering 200 and no body", async () => {
    const created = await t.call("POST", `/prod/streams/${stream}`);
    expect(created.status).toBe(200);
    expect(created.text).toBe("");
    expect(header(created, "content-type")).toBe("application/json");
  });

  it("POST /streams/{stream-name} ignores a ShardCount in the body: the template fixes 5", async () => {
    expect((await t.call("POST", "/prod/streams/two-shards", { json: { ShardCount: 2 } })).status).toBe(200);
    const described = await t.call("GET", "/prod/streams/two-shards");
    expect((described.json().StreamDescription as { Shards: unknown[] }).Shards).toHaveLength(5);
  });

  it("GET /streams/{stream-name} describes it", async () => {
    const described = await t.call("GET", `/prod/streams/${stream}`);
    expect(described.status).toBe(200);
    expect(described.json().StreamDescription).toMatchObject({
      StreamName: stream,
      StreamStatus: "ACTIVE",
      StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${stream}`,
    });
    expect((described.json().StreamDescription as { Shards: unknown[] }).Shards).toHaveLength(5);
  });

  it("GET /streams lists it", async () => {
    const listed = await t.call("GET", "/prod/streams");
    expect(listed.status).toBe(200);
    expect(listed.json()).toMatchObject({ HasMoreStreams: false });
    expect(listed.json().StreamNames).toEqual(expect.arrayContaining([stream, "two-shards"]));
  });

  it("PUT /streams/{stream-name}/record stores base64 of $input.json('$.Data'), as the course's emulator sends it", async () => {
    // requests.put(url, json={"StreamName": ..., "Data": row, "PartitionKey": "partition-1"})
    const put = await t.call("PUT", `/prod/streams/${stream}/record`, {
      json: { StreamName: "ignored-the-path-wins", Data: row, PartitionKey: "partition-1" },
    });
    expect(put.status).toBe(200);
    expect(put.json()).toEqual({ SequenceNumber: expect.stringMatching(/^\d+$/), ShardId: expect.any(String) });
    expect(header(put, "content-type")).toBe("application/json");

    // The integration request the journal recorded: the template's output, as Kinesis JSON.
    await t.gateway.flushLogs();
    const entry = JSON.parse(t.journal.lines.at(-1)!) as {
      integration: { method: string; url: string; headers: [string, string][]; status: number };
    };
    expect(entry.integration).toMatchObject({ method: "POST", status: 200 });
    expect(entry.integration.url).toBe(`${t.kinesis.endpoint}/?Action=PutRecord`);
    expect(Object.fromEntries(entry.integration.headers)).toMatchObject({
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": "Kinesis_20131202.PutRecord",
    });

    const shardId = String(put.json().ShardId);
    const iterator = await t.call("GET", `/prod/streams/${stream}/sharditerator?shard-id=${shardId}`);
    expect(iterator.status).toBe(200);
    const records = await t.call("GET", `/prod/streams/${stream}/records`, {
      headers: [["Shard-Iterator", String(iterator.json().ShardIterator)]],
    });
    expect(records.status).toBe(200);
    const [record] = records.json().Records as { Data: string; PartitionKey: string; SequenceNumber: string }[];
    // $input.json re-serializes the row compactly, whatever spacing the client used.
    expect(fromBase64(record?.Data)).toBe(JSON.stringify(row));
    expect(record).toMatchObject({ PartitionKey: "partition-1", SequenceNumber: put.json().SequenceNumber });
  });

  it("PUT /streams/{stream-name}/records puts the tutorial's records payload; GET .../records reads them back", async () => {
    const put = await t.call("PUT", "/prod/streams/two-shards/records", {
      json: {
        records: [
          { data: "some data", "partition-key": "some key" },
          { data: "some other data", "partition-key": "some key" },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(put.json()).toMatchObject({ FailedRecordCount: 0 });
    const [first] = put.json().Records as { ShardId: string }[];

    const iterator = await t.call("GET", `/prod/streams/two-shards/sharditerator?shard-id=${first?.ShardId}`);
    const read = await t.call("GET", "/prod/streams/two-shards/records", {
      headers: [["Shard-Iterator", String(iterator.json().ShardIterator)]],
    });
    const records = read.json().Records as { Data: string; PartitionKey: string }[];
    expect(records.map((record) => fromBase64(record.Data))).toEqual(["some data", "some other data"]);
    expect(read.json()).toMatchObject({ NextShardIterator: expect.any(String), MillisBehindLatest: 0 });
  });

  it("DELETE /streams/{stream-name} deletes it", async () => {
    const deleted = await t.call("DELETE", "/prod/streams/two-shards");
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe("");
  });

  it("an unknown stream: the client gets 200 with Kinesis's ResourceNotFoundException body", async () => {
    const put = await t.call("PUT", "/prod/streams/no-such-stream/record", {
      json: { Data: row, PartitionKey: "partition-1" },
    });
    expect(put.status).toBe(200);
    expect(put.json()).toEqual({
      __type: "ResourceNotFoundException",
      message: "Stream no-such-stream under account 000000000000 not found.",
    });
    expect(header(put, "content-type")).toBe("application/json");
    await t.gateway.flushLogs();
    const entry = JSON.parse(t.journal.lines.at(-1)!) as { status: number; integration: { status: number } };
    expect(entry).toMatchObject({ status: 200, integration: { status: 400 } });
  });

  it("a body that is not JSON: the template cannot run, so 500 Internal server error and no Kinesis call", async () => {
    const put = await t.call("PUT", `/prod/streams/${stream}/record`, {
      body: "index=1",
      headers: [["Content-Type", "application/json"]],
    });
    expect(put.status).toBe(500);
    expect(put.text).toBe('{"message": "Internal server error"}');
    expect(header(put, "x-amzn-ErrorType")).toBe("InternalServerErrorException");
    await t.gateway.flushLogs();
    const entry = JSON.parse(t.journal.lines.at(-1)!) as { integration: { status: unknown; error: string } };
    expect(entry.integration).toMatchObject({
      status: null,
      error: "Execution failed due to configuration error: Unable to transform request",
    });
  });

  it("an empty body reaches Kinesis as empty fields: its validation error comes back with 200", async () => {
    const put = await t.call("PUT", `/prod/streams/${stream}/record`);
    expect(put.status).toBe(200);
    expect(put.json().__type).toBe("ValidationException");
  });

  it("other paths still go to the {proxy+} resource", async () => {
    const routes = t.gateway.setup.resources.map((resource) => resource.path);
    expect(routes).toContain("/{proxy+}");
    expect(routes).toContain("/streams/{stream-name}/record");
  });
});
