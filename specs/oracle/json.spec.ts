import { describe, expect, it } from "vitest";
import { parseJson, stringifyJson } from "../../harness/java/jackson-tree.ts";
import { makeConverter, JSON_CONVERTER } from "../../harness/components/sink/converters.ts";
import { jsonFormat } from "../../harness/components/sink/format/json.ts";
import { jsonVectors } from "./json-vectors.ts";
import { disagreements, outcomeOf, summary, useOracle } from "./support.ts";

const VECTORS = 10_000;
const oracle = useOracle();

/** What pinpipe's REST proxy writes to Kafka for a JSON-embedded value. */
function proxyBytes(text: string): Buffer {
  const value = parseJson(text);
  if (value === undefined) throw new Error("empty value");
  return Buffer.from(stringifyJson(value), "utf8");
}

const converter = makeConverter(JSON_CONVERTER, { "schemas.enable": "false" });
const format = jsonFormat();

/** The line pinpipe's sink writes to S3 for a record value read from Kafka. */
function sinkLine(bytes: Buffer): Buffer {
  return format.encode(converter(bytes));
}

describe("the differential oracle: JSON bytes against the real Java libraries", () => {
  const texts = jsonVectors(0x5eed, VECTORS);

  it(`the REST proxy writes a JSON value to Kafka as Jackson 2.14 does (${VECTORS} generated values)`, async () => {
    const theirs = await oracle().ask(texts.map((t) => ({ op: "rest-proxy/json-value", input: Buffer.from(t) })));
    const ours = texts.map((t) => outcomeOf(() => proxyBytes(t)));
    const found = disagreements(texts, ours, theirs);
    expect(found.length, summary(found, texts.length)).toBe(0);
  });

  it(`the sink writes a Kafka value to S3 as JsonConverter and JsonFormat do (${VECTORS} values, raw and as the proxy wrote them)`, async () => {
    const proxied = await oracle().ask(texts.map((t) => ({ op: "rest-proxy/json-value", input: Buffer.from(t) })));
    const inputs = [
      ...texts.map((t) => Buffer.from(t, "utf8")),
      ...proxied.flatMap((answer) => (answer.ok ? [answer.output] : [])),
    ];
    const theirs = await oracle().ask(inputs.map((input) => ({ op: "connect/json-line", input })));
    const ours = inputs.map((input) => outcomeOf(() => sinkLine(input)));
    const found = disagreements(
      inputs.map((b) => b.toString("utf8")),
      ours,
      theirs,
    );
    expect(found.length, summary(found, inputs.length)).toBe(0);
  });
});
