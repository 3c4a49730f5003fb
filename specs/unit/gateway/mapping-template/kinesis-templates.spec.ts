import { describe, expect, it } from "vitest";
import { run } from "./render-helper.ts";
import { KINESIS_PROXY_TEMPLATES } from "../../../../harness/components/gateway/kinesis-proxy-resources.ts";

// The request templates of the AWS guide's Kinesis proxy tutorial and the course's streaming API.
const row = { index: 7528, unique_id: "u-1", image_src: "https://i.pinimg.com/a.jpg", downloaded: 1 };
const params = { path: { "stream-name": "streaming-0a1b-pin" }, querystring: {}, header: {} };
const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

describe("Kinesis proxy templates", () => {
  it("ListStreams", () => {
    expect(run("{\n}", { params })).toBe("{\n}");
  });

  it("CreateStream, DescribeStream, DeleteStream", () => {
    const create = '{\n    "ShardCount": 5,\n    "StreamName": "$input.params(\'stream-name\')"\n}';
    expect(run(create, { params })).toBe('{\n    "ShardCount": 5,\n    "StreamName": "streaming-0a1b-pin"\n}');
    const describe = '{\n    "StreamName": "$input.params(\'stream-name\')"\n}';
    expect(JSON.parse(run(describe, { params }))).toEqual({ StreamName: "streaming-0a1b-pin" });
  });

  it("PutRecord: Data is the Base64 of the JSON text of $.Data", () => {
    const template = [
      "{",
      '    "StreamName": "$input.params(\'stream-name\')",',
      '    "Data": "$util.base64Encode($input.json(\'$.Data\'))",',
      '    "PartitionKey": "$input.path(\'$.PartitionKey\')"',
      "}",
    ].join("\n");
    const body = JSON.stringify({ StreamName: "ignored", Data: row, PartitionKey: "partition-1" });
    const json = '{"index":7528,"unique_id":"u-1","image_src":"https:\\/\\/i.pinimg.com\\/a.jpg","downloaded":1}';
    expect(run(template, { body, params })).toBe(
      `{\n    "StreamName": "streaming-0a1b-pin",\n    "Data": "${b64(json)}",\n    "PartitionKey": "partition-1"\n}`,
    );
  });

  it("PutRecord with Data sent as a JSON string: the record holds the quoted, escaped string (double encoding)", () => {
    const body = JSON.stringify({ Data: JSON.stringify({ index: 1 }), PartitionKey: "k" });
    expect(run("$util.base64Encode($input.json('$.Data'))", { body })).toBe(b64('"{\\"index\\":1}"'));
  });

  it("PutRecords (tutorial): one record per element, commas from $foreach.hasNext", () => {
    // The gateway's own copy of the tutorial's template, as the stack serves it.
    const template = KINESIS_PROXY_TEMPLATES.PutRecords;
    const body = JSON.stringify({
      records: [
        { data: "some data", "partition-key": "some key" },
        { data: "some other data", "partition-key": "some key" },
      ],
    });
    expect(run(template, { body, params })).toBe(
      [
        "{",
        '    "StreamName": "streaming-0a1b-pin",',
        '    "Records": [',
        "                 {",
        `            "Data": "${b64("some data")}",`,
        '            "PartitionKey": "some key"',
        // The indentation before `#end` belongs to the loop body, so it is written after every record.
        "          }," + " ".repeat(8) + " ".repeat(10) + "{",
        `            "Data": "${b64("some other data")}",`,
        '            "PartitionKey": "some key"',
        "          }" + " ".repeat(8) + "    ]",
        "}",
      ].join("\n"),
    );
  });

  it("PutRecords with an object in data: the record is Java map text {key=value}", () => {
    const body = JSON.stringify({ records: [{ data: { index: 1, title: "a" }, "partition-key": "k" }] });
    const out = run("#foreach($elem in $input.path('$.records'))$util.base64Encode($elem.data)#end", { body });
    expect(Buffer.from(out, "base64").toString()).toBe("{index=1, title=a}");
  });

  it("GetShardIterator and GetRecords read query string and header parameters", () => {
    const template =
      '{\n    "ShardId": "$input.params(\'shard-id\')",\n    "ShardIteratorType": "TRIM_HORIZON",\n    "StreamName": "$input.params(\'stream-name\')"\n}';
    const p = { ...params, querystring: { "shard-id": "shardId-000000000000" } };
    expect(JSON.parse(run(template, { params: p }))).toEqual({
      ShardId: "shardId-000000000000",
      ShardIteratorType: "TRIM_HORIZON",
      StreamName: "streaming-0a1b-pin",
    });
    const records = '{\n    "ShardIterator": "$input.params(\'Shard-Iterator\')"\n}';
    expect(run(records, { params: { header: { "Shard-Iterator": "AAAA" } } })).toBe(
      '{\n    "ShardIterator": "AAAA"\n}',
    );
  });
});
