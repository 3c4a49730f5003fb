import { describe, expect, it } from "vitest";
import { checkDelivery } from "../../harness/check/delivery.ts";
import type { LogRecord } from "../../harness/check/kafka-log.ts";
import { sinkLineEncoder } from "../../harness/check/sink-encoding.ts";
import type { SinkObject } from "../../harness/check/types.ts";
import { useOracle } from "./support.ts";

const oracle = useOracle();

const CONNECTOR = {
  "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
  "value.converter": "org.apache.kafka.connect.json.JsonConverter",
  "value.converter.schemas.enable": "false",
};

function record(offset: number, value: string | null): LogRecord {
  return { partition: 0, offset, key: null, value: value === null ? null : Buffer.from(value), timestamp: 0 };
}

function object(startOffset: number, lines: string[]): SinkObject {
  return {
    key: `topics/t/partition=0/t+0+${String(startOffset).padStart(10, "0")}.json`,
    topic: "t",
    partition: 0,
    startOffset,
    extension: ".json",
    lines,
    endsWithNewline: true,
    size: lines.join("\n").length + 1,
  };
}

describe("pinpipe check compares S3 bytes with the oracle's", () => {
  const log = [
    record(0, '{"title":"📌 pins","n":2e23,"b":"Aa","a":"BB"}'),
    record(1, '"a string"'),
    record(2, "{not json"),
    record(3, null),
  ];

  it("asks the real JsonConverter for the line of every record, in one batch", async () => {
    const encode = sinkLineEncoder(CONNECTOR, oracle());
    expect(await encode?.(log)).toEqual([
      '{"a":"BB","b":"Aa","title":"\\uD83D\\uDCCC pins","n":1.9999999999999998E23}',
      '"a string"',
      undefined,
      "null",
    ]);
    const string = sinkLineEncoder(
      { ...CONNECTOR, "value.converter": "org.apache.kafka.connect.storage.StringConverter" },
      oracle(),
    );
    expect(await string?.([record(0, '{"x":"é"}')])).toEqual(['"{\\"x\\":\\"é\\"}"']);
  });

  it("finds BYTES_DIFFER where a line has the shortest digits JDK 19 prints instead of JDK 17's", async () => {
    const expected = await sinkLineEncoder(CONNECTOR, oracle())?.(log);
    const byOffset = new Map(log.map((r, i) => [r.offset, expected?.[i]]));
    const written = '{"a":"BB","b":"Aa","title":"\\uD83D\\uDCCC pins","n":2.0E23}';
    const findings = checkDelivery({
      objects: [object(0, [written]), object(1, ['"a string"'])],
      log: log.slice(0, 2),
      acks: [],
      flushSize: 1,
      expectedLine: (r) => byOffset.get(r.offset),
    }).findings;
    expect(findings.map((f) => [f.code, f.where])).toEqual([
      ["BYTES_DIFFER", "topics/t/partition=0/t+0+0000000000.json"],
    ]);
  });
});
