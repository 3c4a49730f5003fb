import { describe, expect, it } from "vitest";
import { acknowledgements } from "../../../harness/check/acks.ts";
import { streamAcknowledgements } from "../../../harness/check/stream-acks.ts";
import { sequence, streamPutEntry } from "./stream-journal.ts";

const STREAM = "streaming-0a1b2c3d4e5f-pin";
const ROW = { index: 7528, title: "Ö", follower_count: "5k", timestamp: "2020-08-28 03:52:47" };
// What Python's requests sends for json=: json.dumps with its ", " and ": " separators.
const BODY = JSON.stringify({ StreamName: "whatever", Data: ROW, PartitionKey: "partition-1" })
  .replace(/,"/g, ', "')
  .replace(/":/g, '": ');
const PLACED = { SequenceNumber: sequence(1), ShardId: "shardId-000000000000" };

describe("the streaming half's acknowledgements, from the gateway journal", () => {
  it("takes the sequence number the gateway passed back, the stream from the path and the bytes the template made", () => {
    const { acks, refusals } = streamAcknowledgements([streamPutEntry({ stream: STREAM, body: BODY, answer: PLACED })]);
    expect(refusals).toEqual([]);
    expect(acks).toEqual([
      {
        stream: STREAM,
        shardId: "shardId-000000000000",
        sequenceNumber: sequence(1),
        sent: { partitionKey: "partition-1", data: expect.any(Buffer) },
        requestId: "req-1",
        time: "2026-01-01T00:00:00.000Z",
        latencyMs: 5,
      },
    ]);
    // $input.json('$.Data'): the row again, as JSON, whatever the StreamName in the body said.
    expect(JSON.parse(acks[0]?.sent?.data.toString("utf8") ?? "")).toEqual(ROW);
  });

  it("keeps a Data that is a JSON string as the JSON string it is: the bytes hold the row encoded twice", () => {
    const body = JSON.stringify({ StreamName: STREAM, Data: JSON.stringify(ROW), PartitionKey: "k" });
    const [ack] = streamAcknowledgements([streamPutEntry({ stream: STREAM, body, answer: PLACED })]).acks;
    expect(JSON.parse(ack?.sent?.data.toString("utf8") ?? "")).toBe(JSON.stringify(ROW));
  });

  it("reads Kinesis's error in a 200 answer as a refusal, since the integration response passes any body through", () => {
    const answer = { __type: "ResourceNotFoundException", message: `Stream ${STREAM} under account 0 not found.` };
    const { acks, refusals } = streamAcknowledgements([streamPutEntry({ stream: STREAM, body: BODY, answer })]);
    expect(acks).toEqual([]);
    expect(refusals).toEqual([
      expect.objectContaining({
        topic: STREAM,
        call: `PUT /prod/streams/${STREAM}/record`,
        status: 200,
        message: `ResourceNotFoundException: Stream ${STREAM} under account 0 not found.`,
      }),
    ]);
  });

  it("pairs PutRecords' answers with the records sent, and refuses only those that failed", () => {
    const body = JSON.stringify({
      records: [
        { data: "a", "partition-key": "k1" },
        { data: "b", "partition-key": "k2" },
      ],
    });
    const answer = {
      FailedRecordCount: 1,
      Records: [PLACED, { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded" }],
    };
    const { acks, refusals } = streamAcknowledgements([
      streamPutEntry({ stream: STREAM, body, answer, resource: "records" }),
    ]);
    expect(acks.map((a) => [a.sequenceNumber, a.sent?.partitionKey, a.sent?.data.toString()])).toEqual([
      [sequence(1), "k1", "a"],
    ]);
    expect(refusals.map((r) => r.message)).toEqual(["ProvisionedThroughputExceededException: Rate exceeded"]);
  });

  it("knows no bytes when the journal kept only part of the body, and still counts the record", () => {
    const entry = streamPutEntry({ stream: STREAM, body: BODY, answer: PLACED });
    entry.request.body.truncated = true;
    const [ack] = streamAcknowledgements([entry]).acks;
    expect(ack?.sequenceNumber).toBe(sequence(1));
    expect(ack?.sent).toBeUndefined();
  });

  it("reports a gateway error on a stream call on its stream, and leaves it out of the Kafka half's refusals", () => {
    const entry = { ...streamPutEntry({ stream: STREAM, body: BODY, answer: { message: "Internal server error" } }) };
    entry.status = 500;
    expect(streamAcknowledgements([entry]).refusals).toEqual([
      expect.objectContaining({ topic: STREAM, status: 500, message: "Internal server error" }),
    ]);
    expect(acknowledgements([entry], ["0a1b2c3d4e5f.pin"]).refusals).toEqual([]);
  });

  it("passes over every call that is no write through the Kinesis proxy's resources", () => {
    const wrongStage = {
      ...streamPutEntry({ stream: STREAM, body: BODY, answer: {} }),
      resourcePath: null,
      status: 403,
    };
    const describe = { ...streamPutEntry({ stream: STREAM, body: "", answer: {} }), method: "GET" };
    expect(streamAcknowledgements([wrongStage, describe])).toEqual({ acks: [], refusals: [] });
    // The wrong stage stays a call refused for the emulator's diagnosis to explain.
    expect(acknowledgements([wrongStage], []).refusals).toEqual([expect.objectContaining({ topic: "", status: 403 })]);
  });
});
