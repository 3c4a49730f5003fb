import { describe, expect, it } from "vitest";
import { checkStreams } from "../../../harness/check/check-streams.ts";
import type { StreamContent, StreamRecord } from "../../../harness/check/stream-read.ts";
import type { StackInfo } from "../../../harness/stack-info.ts";
import { sequence, streamPutEntry } from "./stream-journal.ts";

const STREAMS = ["streaming-u-pin", "streaming-u-geo", "streaming-u-user"];
const SHARD = "shardId-000000000000";
// Nothing listens there: a check that needs no row must not connect.
const info: Pick<StackInfo, "kinesis" | "mysql"> = {
  kinesis: { endpoint: "http://127.0.0.1:9", region: "us-east-1", streams: STREAMS },
  mysql: { host: "127.0.0.1", port: 9, user: "u", password: "p", database: "pinterest_data" },
};

/** Streams as a consumer would read them: one shard each, with the records given. */
function reader(records: Record<string, StreamRecord[]>): (stream: string) => Promise<StreamContent> {
  return async (stream) => (STREAMS.includes(stream) ? new Map([[SHARD, records[stream] ?? []]]) : new Map());
}

function put(stream: string, data: unknown, n: number) {
  const body = JSON.stringify({ StreamName: stream, Data: data, PartitionKey: "partition-1" });
  const entry = streamPutEntry({
    stream,
    body,
    requestId: `req-${n}`,
    answer: { SequenceNumber: sequence(n), ShardId: SHARD },
  });
  // What the gateway's template stores: $input.json('$.Data').
  const record: StreamRecord = {
    sequenceNumber: sequence(n),
    partitionKey: "partition-1",
    data: Buffer.from(JSON.stringify(data)),
  };
  return { entry, record };
}

describe("the streaming half's checks, stream by stream and shard by shard", () => {
  it("are absent when nothing was put to a stream and the streams hold nothing", async () => {
    expect(await checkStreams({ info, journal: [], read: reader({}) })).toBeUndefined();
  });

  it("report each of the user's shards with what was acknowledged and what is in it", async () => {
    const a = put("streaming-u-pin", { index: 1 }, 1);
    const b = put("streaming-u-geo", { ind: 1 }, 2);
    const check = await checkStreams({
      info,
      journal: [a.entry, b.entry],
      sourceRows: false,
      read: reader({ "streaming-u-pin": [a.record], "streaming-u-geo": [b.record] }),
    });
    expect(check).toEqual({
      shards: [
        { stream: "streaming-u-pin", shardId: SHARD, acknowledged: 1, records: 1, findings: [] },
        { stream: "streaming-u-geo", shardId: SHARD, acknowledged: 1, records: 1, findings: [] },
        { stream: "streaming-u-user", shardId: SHARD, acknowledged: 0, records: 0, findings: [] },
      ],
      findings: [],
    });
  });

  it("report an acknowledged record that is not in its stream, on the shard its answer named", async () => {
    const a = put("streaming-u-user", { ind: 3 }, 3);
    const check = await checkStreams({ info, journal: [a.entry], sourceRows: false, read: reader({}) });
    expect(check?.shards[2]).toMatchObject({ acknowledged: 1, records: 0, findings: [{ code: "ACK_NOT_IN_STREAM" }] });
  });

  it("put refusals on the stream's first shard, and those of streams that do not exist beside the shards", async () => {
    const notFound = { __type: "ResourceNotFoundException", message: "Stream not found." };
    const body = JSON.stringify({ Data: {}, PartitionKey: "k" });
    const journal = [
      streamPutEntry({ stream: "streaming-u-pin", body, answer: notFound, requestId: "r1" }),
      streamPutEntry({ stream: "streaming-x-pin", body, answer: notFound, requestId: "r2" }),
    ];
    const check = await checkStreams({ info, journal, sourceRows: false, read: reader({}) });
    expect(check?.shards[0]?.findings).toEqual([
      expect.objectContaining({
        code: "REFUSED",
        where: "request r1",
        message: expect.stringContaining("1 record(s)"),
      }),
    ]);
    expect(check?.findings).toEqual([expect.objectContaining({ code: "REFUSED", where: "request r2" })]);
  });

  it("hold a Data that is a JSON string to the Kafka half's rule: not a row, encoded twice", async () => {
    const a = put("streaming-u-pin", JSON.stringify({ index: 1, title: "t" }), 1);
    const check = await checkStreams({ info, journal: [a.entry], read: reader({ "streaming-u-pin": [a.record] }) });
    expect(check?.shards[0]?.findings).toEqual([
      {
        severity: "warning",
        code: "NOT_A_ROW",
        message: expect.stringContaining("a JSON string that holds a pinterest_data row: it was encoded twice"),
        where: `sequence number ${sequence(1)}`,
      },
    ]);
  });
});
