import { describe, expect, it } from "vitest";
import { parseJson } from "../../harness/java/jackson-tree.ts";
import { useOracle } from "./support.ts";

const oracle = useOracle();

/** Malformed documents a client can send, one per way Jackson can refuse them. */
const MALFORMED = [
  ...['{"a":', '{"a" 1}', "{a:1}", "[1 2]", '{"a":1 "b":2}', '"abc', '"a\nb"', '"\\x"', '"\\u12g4"', "-a", "1.e3"],
  ...["01", "[01]", "tru", "truex", "nul", "foo", '{"a":foo}', '{"a":tRue}', "[", "{", '{"a":1', "[1,", ","],
  ...['{"a":1,}', "[1,]", "123abc", '"\\', '"\\u12', "@", "[-]", '{"\u0001":1}', '{"a":"\u0001"}', "NaN"],
  ...["Infinity", "+1", ".5", '["abc', '{"ab', '{"ab":1,"cd', "[tru", '{"a":-', "[-", "1.", "[1.", "-", "[:", "[}"],
  ...['{"a"', '{"a" ', '{"a":1,', "[1 ", '["a" ', "+", "[+1]", "[NaN]", "[-Infinity]", "[-INF]", "[INF]"],
  ...['{"a\n":1}', "{,}", '{"a":}', "{:1}", '["a"\u0001]', "[\u0001]", "[1,,2]", "\u0000"],
  ...["}", "]", '{"a":[1}', '{"a":1]', "1.5e", "[1.5e", '{"a":1.5e'],
];

/** Jackson's message without the source location it appends, as rest-utils 7.2.2+ answers it. */
function withoutLocation(javaError: string): string {
  return javaError.replace(/^[\w.$]+: /, "").replace(/\n at \[Source: .*$/s, "");
}

describe("the differential oracle: malformed JSON is refused in Jackson's words", () => {
  it(`refuses ${MALFORMED.length} malformed documents as Jackson 2.14 does, with its message`, async () => {
    const answers = await oracle().ask(MALFORMED.map((t) => ({ op: "rest-proxy/json-value", input: Buffer.from(t) })));
    const differ: string[] = [];
    let compared = 0;
    MALFORMED.forEach((text, i) => {
      const answer = answers[i];
      let ours: string | undefined;
      try {
        parseJson(text);
      } catch (error) {
        ours = (error as Error).message;
      }
      if (!answer) throw new Error("the oracle gave no answer");
      if (answer.ok) {
        if (ours !== undefined) differ.push(`${JSON.stringify(text)}: Jackson accepts, pinpipe says ${ours}`);
        return;
      }
      const theirs = withoutLocation(answer.error);
      if (ours === undefined) differ.push(`${JSON.stringify(text)}: pinpipe accepts, Jackson says ${theirs}`);
      // A message that quotes the request's source in its middle depends on how the server hands Jackson the
      // body; that the document is refused is what can be compared.
      else if (!theirs.includes("[Source:")) {
        compared++;
        if (ours !== theirs) differ.push(`${JSON.stringify(text)}:\n  pinpipe: ${ours}\n  jackson: ${theirs}`);
      }
    });
    expect(differ, differ.join("\n")).toEqual([]);
    expect(compared).toBeGreaterThan(MALFORMED.length * 0.8);
  });
});
