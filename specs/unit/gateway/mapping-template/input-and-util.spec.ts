import { describe, expect, it } from "vitest";
import { isPinpipeError } from "../../../../harness/errors.ts";
import { TRANSFORM_FAILED_LOG } from "../../../../harness/components/gateway/mapping-template/index.ts";
import { run } from "./render-helper.ts";

const body = '{"a": {"b": "x/y", "n": 1.50, "big": 12345678901234567890, "e": 1e3}, "l": [1, {"c": 5}], "s": "q\\"t"}';

describe("$input", () => {
  it("json() returns JSON text, a string quoted", () => {
    expect(run("$input.json('$.a.b')|$input.json('$.s')|$input.json('$.l')", { body })).toBe(
      '"x\\/y"|"q\\"t"|[1,{"c":5}]',
    );
    expect(run("$input.json('$.a')", { body })).toBe('{"b":"x\\/y","n":1.5,"big":12345678901234567890,"e":1000.0}');
  });
  it("path() returns objects: maps print as Java maps, JSON lists as JSON", () => {
    expect(run("$input.path('$.a')", { body })).toBe("{b=x/y, n=1.5, big=12345678901234567890, e=1000.0}");
    expect(run("$input.path('$.l')|$input.path('$.l').size()|$input.path('$.l[1].c')", { body })).toBe(
      '[1,{"c":5}]|2|5',
    );
    expect(run("$input.path('$')", { body: '{"k": [{"c": 5}]}' })).toBe('{k=[{"c":5}]}');
  });
  it("supports $['a'], [*], [-1] and ..", () => {
    expect(
      run("$input.json(\"$['a']['b']\")|$input.json('$.l[*]')|$input.json('$.l[-1]')|$input.json('$..c')", { body }),
    ).toBe('"x\\/y"|[1,{"c":5}]|{"c":5}|[5]');
  });
  it("a missing path gives nothing; an empty body reads as {}", () => {
    expect(run("[$input.json('$.nope')][$input.path('$.nope')][$input.path('$.a.b.c')]", { body })).toBe("[][][]");
    expect(run("$input.body|$input.json('$')|$input.path('$').size()")).toBe("{}|{}|0");
  });
  it("body is the raw text, bytes read as UTF-8", () => {
    expect(run("$input.body", { body: Buffer.from('{"é": 1}') })).toBe('{"é": 1}');
  });
  it("params(name) looks in path, then query string, then header (any case)", () => {
    const params = { path: { id: "p" }, querystring: { id: "q", only: "q" }, header: { "Shard-Iterator": "h" } };
    expect(
      run("$input.params('id') $input.params('only') $input.params('shard-iterator') [$input.params('x')]", { params }),
    ).toBe("p q h []");
    expect(run("$input.params()", { params })).toBe(
      "{path={id=p}, querystring={id=q, only=q}, header={Shard-Iterator=h}}",
    );
    expect(run("$input.params().header.get('Shard-Iterator') $input.params().querystring.keySet()", { params })).toBe(
      "h [id, only]",
    );
  });
  it("a body that is not JSON fails the template only when read as JSON", () => {
    expect(run("$input.body", { body: "not json" })).toBe("not json");
    try {
      run("$input.json('$')", { body: "not json" });
      expect.unreachable();
    } catch (error) {
      expect(isPinpipeError(error, "PINPIPE_MAPPING_TEMPLATE_FAILED")).toBe(true);
      expect((error as { context: Record<string, unknown> }).context).toMatchObject({
        executionLog: TRANSFORM_FAILED_LOG,
        status: 500,
        body: '{"message": "Internal server error"}',
      });
    }
  });
});

describe("$context and $stageVariables", () => {
  it("reads nested context variables and stage variables", () => {
    const context = { requestId: "r-1", stage: "prod", httpMethod: "PUT", identity: { sourceIp: "127.0.0.1" } };
    expect(
      run(
        "$context.requestId $context.stage $context.httpMethod $context.identity.sourceIp $stageVariables.v [$context.nope]",
        {
          context,
          stageVariables: { v: "s" },
        },
      ),
    ).toBe("r-1 prod PUT 127.0.0.1 s []");
  });
});

describe("$util", () => {
  it("escapeJavaScript escapes quotes (single too), slash, controls and non-ASCII", () => {
    expect(run(`$util.escapeJavaScript($input.path('$.s'))`, { body: '{"s": "it\'s \\"q\\" a/b\\n\\u0001é"}' })).toBe(
      'it\\\'s \\"q\\" a\\/b\\n\\u0001\\u00E9',
    );
  });
  it("base64Encode encodes UTF-8 bytes; base64Decode reads them back", () => {
    expect(run("$util.base64Encode('é')|$util.base64Decode('w6k=')")).toBe("w6k=|é");
  });
  it("urlEncode is form encoding; urlDecode reverses it", () => {
    expect(run("$util.urlEncode('a b&c/é*~')|$util.urlDecode('a+b%26c')")).toBe("a+b%26c%2F%C3%A9*%7E|a b&c");
  });
  it("parseJson returns objects", () => {
    expect(run(`#set($o = $util.parseJson('{"a": [1, 2], "b": {"c": "d"}}'))$o.a $o.b $o.b.c`)).toBe("[1,2] {c=d} d");
  });
  it("null arguments give nothing; a bad escape fails the template", () => {
    expect(run("[$util.base64Encode($missing)]")).toBe("[]");
    expect(() => run("$util.urlDecode('%zz')")).toThrow(/URLDecoder/);
  });
});
