import {
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from "@aws-sdk/client-kinesis";
import { afterAll, describe, expect, inject, it } from "vitest";

const stack = inject("stack");
// Any credentials: the stand-in reads a signature's form, never its validity.
const kinesis = new KinesisClient({
  endpoint: stack.kinesis.endpoint,
  region: stack.kinesis.region,
  credentials: { accessKeyId: "AKIAPINPIPESPECS0000", secretAccessKey: "pinpipe" },
});
afterAll(() => kinesis.destroy());

describe("the streaming half: API Gateway's Kinesis proxy in front of Kinesis", () => {
  it("has the course's three streams, one shard each, ACTIVE", async () => {
    expect(stack.kinesis.streams).toEqual([
      `streaming-${stack.userId}-pin`,
      `streaming-${stack.userId}-geo`,
      `streaming-${stack.userId}-user`,
    ]);
    for (const StreamName of stack.kinesis.streams) {
      const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName }));
      expect(StreamDescriptionSummary).toMatchObject({ StreamStatus: "ACTIVE", OpenShardCount: 1 });
    }
  });

  it("a PUT to /streams/<stream>/record, as the course's emulator sends it, is in the stream for the SDK to read", async () => {
    const stream = stack.kinesis.streams[1] as string;
    const row = { ind: 7528, timestamp: "2020-08-28 03:52:47", latitude: -89.9787, longitude: -173.293, country: "Ö" };
    // What Python's requests.put(url, json=...) sends: json.dumps with its ", " and ": " separators.
    const body = `{"StreamName": "${stream}", "Data": ${JSON.stringify(row).replace(/,"/g, ', "').replace(/":/g, '": ')}, "PartitionKey": "partition-1"}`;
    const put = await fetch(`${stack.invokeUrl}/streams/${stream}/record`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body,
    });
    const answer = (await put.json()) as { SequenceNumber: string; ShardId: string };
    expect(put.status).toBe(200);
    expect(answer).toMatchObject({
      SequenceNumber: expect.stringMatching(/^\d{56}$/),
      ShardId: "shardId-000000000000",
    });

    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: answer.ShardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER",
        StartingSequenceNumber: answer.SequenceNumber,
      }),
    );
    const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    const record = Records?.[0];
    expect(record?.SequenceNumber).toBe(answer.SequenceNumber);
    expect(record?.PartitionKey).toBe("partition-1");
    // The mapping template's $input.json('$.Data'): the row as compact JSON, which Spark's from_json then reads.
    expect(JSON.parse(Buffer.from(record?.Data ?? new Uint8Array()).toString("utf8"))).toEqual(row);
  });

  it("the Kafka half still answers beside it: GET /topics reaches the REST proxy", async () => {
    // A read only: records on the stack's topics would reach the sink that other specs check.
    const response = await fetch(`${stack.invokeUrl}/topics`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expect.arrayContaining(stack.topics));
  });
});
