import { describe, expect, it } from "vitest";
import { sentToKinesis } from "../../../harness/check/kinesis-request.ts";
import { streamPutEntry } from "./stream-journal.ts";

const row = { index: 7, title: "a pin" };
const answer = { SequenceNumber: "1", ShardId: "shardId-000000000000" };

describe("what the gateway sent Kinesis for a journalled PutRecord", () => {
  it("renders the tutorial's template again for a journal that has no service request", () => {
    const entry = streamPutEntry({
      stream: "streaming-u-pin",
      body: JSON.stringify({ StreamName: "streaming-u-pin", Data: row, PartitionKey: "p-1" }),
      answer,
    });
    const [sent] = sentToKinesis(entry, "PutRecord", "streaming-u-pin") ?? [];
    expect(sent?.partitionKey).toBe("p-1");
    expect(sent?.data.toString("utf8")).toBe('{"index":7,"title":"a pin"}');
  });

  it("takes the service request the journal kept, whatever template made it", () => {
    const entry = streamPutEntry({ stream: "streaming-u-pin", body: JSON.stringify({ row }), answer });
    // A user's own template: the whole body as Data, a fixed partition key.
    const serviceBody = JSON.stringify({
      StreamName: "streaming-u-pin",
      Data: Buffer.from(JSON.stringify({ row })).toString("base64"),
      PartitionKey: "all",
    });
    entry.integration = {
      method: "POST",
      url: "http://127.0.0.1:4567/?Action=PutRecord",
      headers: [],
      body: { bytes: serviceBody.length, text: serviceBody, truncated: false },
      status: 200,
      latencyMs: 3,
      error: null,
    };
    const [sent] = sentToKinesis(entry, "PutRecord", "streaming-u-pin") ?? [];
    expect(sent?.partitionKey).toBe("all");
    expect(JSON.parse(sent?.data.toString("utf8") ?? "null")).toEqual({ row });
  });
});
