import { describe, expect, it } from "vitest";
import { connectApiWithoutBackends } from "../support/unreachable-herder.ts";
import { useOracle } from "./support.ts";

const oracle = useOracle();

const handle = connectApiWithoutBackends();

/** Connector definitions as people mistype them: trailing commas, missing commas, quotes and colons, lines apart. */
const MALFORMED = [
  '{"name":"s3",}',
  '{"name":"s3" "config":{}}',
  '{\n  "name": "s3",\n  "config": {\n    "topics": "x",\n  }\n}',
  '{\r\n  "name": "s3",\r\n  "config": {"flush.size": 01}\r\n}',
  '{"name":',
  "nope",
  '{"name":"é\u0001"}',
  '{"é":1 x}',
  "{name: 's3'}",
  '{"name":"s3","config":{"topics":"a","flush.size":tru}}',
  "[1,]",
  '{"name":"😀\\u12"}',
  '{"name":"s3","config":{"a":"b"}',
];

describe("the differential oracle: the Connect REST API's answer to a malformed body", () => {
  it(`answers ${MALFORMED.length} malformed connector definitions with Kafka Connect 3.7's 500 and Jackson 2.16's message`, async () => {
    const answers = await oracle().ask(MALFORMED.map((t) => ({ op: "connect/rest-body", input: Buffer.from(t) })));
    for (const [i, body] of MALFORMED.entries()) {
      const answer = answers[i];
      if (!answer || answer.ok) throw new Error(`Jackson accepted ${JSON.stringify(body)}`);
      const response = await handle({
        method: "POST",
        path: "/connectors",
        query: new URLSearchParams(),
        body,
        base: "http://w",
      });
      expect({ body, status: response.status, response: response.body }).toEqual({
        body,
        status: 500,
        response: { error_code: 500, message: answer.error.replace(/^[\w.$]+: /, "") },
      });
    }
  });
});
