import { describe, expect, it } from "vitest";
import { readProduceStream } from "../../harness/components/rest-proxy/produce-v3.ts";
import { ENTITY_STREAM_CLASS, entitySource } from "../../harness/components/rest-proxy/json-errors.ts";
import { RestError } from "../../harness/components/rest-proxy/errors.ts";
import { stringifyJson } from "../../harness/java/jackson-tree.ts";
import { proxyWithFakeBackend } from "../unit/rest-proxy/fake-backend.ts";
import { malformedVariants, misShapedProduceBodies } from "./malformed-bodies.ts";
import { useOracle } from "./support.ts";

const oracle = useOracle();

/** The oracle's stand-ins, named as the real proxy's classes they stand for. */
const REAL_NAMES: Array<[string, string]> = [
  ["RestProxyOracle$EntityStream", ENTITY_STREAM_CLASS],
  ["RestProxyOracle$ProduceRequest", "io.confluent.kafkarest.entities.v2.ProduceRequest"],
];

function realNames(text: string): string {
  return REAL_NAMES.reduce((out, [stand, real]) => out.split(stand).join(real), text);
}

/** v2 produce bodies people send: one line, pretty-printed on LF and CRLF, with multi-byte text before errors. */
const V2_BODIES = [
  '{"records":[{"value":{"a":1,"b":[true,null,"x"]}},{"key":"k","value":[1,2.5e3]}]}',
  '{\n  "records": [\n    {"key": "é", "value": {"nested": {"deep": [1, {"x": "😀"}]}}},\n    {"value": null, "partition": 0}\n  ]\n}',
  '{\r\n\t"value_schema_id": null,\r\n\t"records": [{"value": "Zm9v"}, {"key": [], "value": {}}],\r\n\t"key_schema": "s"\r\n}',
  '\ufeff{"records":[{"value":[[1],[2,[3]]]}]}',
];

/** v3 produce streams: records back to back, on lines of their own, with CRLF and multi-byte text. */
const V3_BODIES = [
  '{"value":{"type":"JSON","data":{"a":[1,2]}}}{"key":{"type":"BINARY","data":"Zm9v"},"value":{"type":"JSON","data":"x"}}',
  '{"value": {"type": "JSON", "data": ["é", {"k": "😀"}]}}\n{"partition_id": 0, "value": {"type": "JSON", "data": null}}\n',
  '{\r\n  "headers": [{"name": "h", "value": "dg=="}],\r\n  "value": {"type": "JSON", "data": {"x": [[]]}}\r\n}\r\n{"value":{"data":1}}',
];

const JSON_V2 = "application/vnd.kafka.json.v2+json";

/** pinpipe's v2 answer: `status message`, or the status alone for anything but a 400 or 422. */
async function v2Answer(body: string): Promise<string> {
  const proxy = proxyWithFakeBackend();
  try {
    const r = await proxy.dispatch({
      method: "POST",
      url: "/topics/t",
      headers: { "content-type": JSON_V2 },
      body: Buffer.from(body),
    });
    if (r.status !== 400 && r.status !== 422) return String(r.status);
    return `${r.status} ${(JSON.parse(r.body ?? "{}") as { message: string }).message}`;
  } finally {
    await proxy.consumers.close();
  }
}

/** pinpipe's reading of a v3 stream in the oracle's terms: `= json` and `! message` lines, or the entity's refusal. */
function v3Lines(body: string): string {
  const text = body.replace(/^\ufeff/, "");
  try {
    let out = "";
    for (const read of readProduceStream(text, entitySource(Buffer.from(body)))) {
      out += read.ok ? `= ${stringifyJson(read.node)}\n` : `! ${read.error.message}\n`;
    }
    return out;
  } catch (error) {
    if (error instanceof RestError && error.errorCode === 42206) return "null";
    if (error instanceof RestError) return `${error.status} ${error.message}`;
    throw error;
  }
}

const MALFORMED_V2 = malformedVariants(V2_BODIES);
const MIS_SHAPED_V2 = misShapedProduceBodies();
const MALFORMED_V3 = malformedVariants(V3_BODIES);

function report(differ: readonly string[]): string {
  return `${differ.length} differ:\n${differ.slice(0, 8).join("\n")}`;
}

describe("the differential oracle: the REST proxy's answers to malformed and mis-shaped bodies", () => {
  it(`answers ${MALFORMED_V2.length} malformed v2 produce bodies with rest-utils' 400 and Jackson 2.14's message`, async () => {
    const answers = await oracle().ask(
      MALFORMED_V2.map((b) => ({ op: "rest-proxy/v2-produce-entity", input: Buffer.from(b) })),
    );
    const differ: string[] = [];
    let compared = 0;
    for (const [i, body] of MALFORMED_V2.entries()) {
      const answer = answers[i];
      if (!answer?.ok) throw new Error(`the oracle failed on ${JSON.stringify(body)}: ${answer?.error}`);
      const [status, kind, ...words] = realNames(answer.output.toString("utf8")).split(" ");
      // Jackson binds as it reads: a member of the wrong shape before the malformed part is refused first, which
      // pinpipe, parsing the whole body before binding it, does not model.
      if (kind !== "parse") continue;
      compared++;
      const theirs = `${status} ${words.join(" ")}`;
      const ours = await v2Answer(body);
      if (ours !== theirs) differ.push(`${JSON.stringify(body)}\n  pinpipe: ${ours}\n  java:    ${theirs}`);
    }
    expect(differ, report(differ)).toEqual([]);
    expect(compared).toBeGreaterThan(MALFORMED_V2.length * 0.95);
  });

  it(`answers ${MIS_SHAPED_V2.length} mis-shaped v2 produce bodies with Jackson 2.14's binding refusals and the provider's 422`, async () => {
    const answers = await oracle().ask(
      MIS_SHAPED_V2.map((b) => ({ op: "rest-proxy/v2-produce-entity", input: Buffer.from(b) })),
    );
    const differ: string[] = [];
    for (const [i, body] of MIS_SHAPED_V2.entries()) {
      const answer = answers[i];
      if (!answer?.ok) throw new Error(`the oracle failed on ${JSON.stringify(body)}: ${answer?.error}`);
      const [status, , ...words] = realNames(answer.output.toString("utf8")).split(" ");
      const theirs = `${status} ${words.join(" ")}`;
      const ours = await v2Answer(body);
      // What binds goes on to bean validation, which may still refuse it with a 422 of its own.
      const bound = status === "200" || status === "null";
      const agree = bound ? !ours.startsWith("400") && !ours.includes("Unrecognized field") : ours === theirs;
      if (!agree) differ.push(`${JSON.stringify(body)}\n  pinpipe: ${ours}\n  java:    ${theirs}`);
    }
    expect(differ, report(differ)).toEqual([]);
  });

  it(`answers ${MALFORMED_V3.length} malformed v3 produce streams line by line as StreamingResponse over Jackson 2.14's iterator`, async () => {
    const answers = await oracle().ask(
      MALFORMED_V3.map((b) => ({ op: "rest-proxy/v3-produce-stream", input: Buffer.from(b) })),
    );
    const differ: string[] = [];
    for (const [i, body] of MALFORMED_V3.entries()) {
      const answer = answers[i];
      if (!answer?.ok) throw new Error(`the oracle failed on ${JSON.stringify(body)}: ${answer?.error}`);
      const theirs = realNames(answer.output.toString("utf8"));
      const ours = v3Lines(body);
      if (ours !== theirs) differ.push(`${JSON.stringify(body)}\n  pinpipe: ${ours}\n  java:    ${theirs}`);
    }
    expect(differ, report(differ)).toEqual([]);
  });
});
