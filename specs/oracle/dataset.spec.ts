import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJson, stringifyJson } from "../../harness/java/jackson-tree.ts";
import { makeConverter, JSON_CONVERTER } from "../../harness/components/sink/converters.ts";
import { jsonFormat } from "../../harness/components/sink/format/json.ts";
import { projectPath } from "../../harness/paths.ts";
import { disagreements, outcomeOf, summary, useOracle } from "./support.ts";

const DATASETS = ["pinterest_data", "geolocation_data", "user_data"];
const oracle = useOracle();

/** Python's `json.dumps` with its defaults: `, ` and `: ` separators, every non-ASCII unit as `\uxxxx`. */
function pythonJsonDumps(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") {
    let out = '"';
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      const ch = value[i] as string;
      const short: Record<string, string> = {
        '"': '\\"',
        "\\": "\\\\",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\b": "\\b",
        "\f": "\\f",
      };
      if (short[ch] !== undefined) out += short[ch];
      else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, "0")}`;
      else out += ch;
    }
    return out + '"';
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`)
    .join(", ")}}`;
}

const converter = makeConverter(JSON_CONVERTER, { "schemas.enable": "false" });
const format = jsonFormat();

describe("the differential oracle: the whole fixture dataset through the chain", () => {
  it.each(DATASETS)("%s: each row as the emulator posts it reaches Kafka and S3 with the real bytes", async (name) => {
    const rows = readFileSync(projectPath("fixtures", "data", `${name}.jsonl`), "utf8")
      .split("\n")
      .filter(Boolean);
    const posted = rows.map((line) => pythonJsonDumps(JSON.parse(line)));

    const kafka = await oracle().ask(posted.map((t) => ({ op: "rest-proxy/json-value", input: Buffer.from(t) })));
    const ourKafka = posted.map((t) => outcomeOf(() => stringifyJson(parseJson(t) ?? null)));
    const atKafka = disagreements(posted, ourKafka, kafka);
    expect(atKafka.length, summary(atKafka, posted.length)).toBe(0);

    const inKafka = kafka.map((a) => (a.ok ? a.output : Buffer.alloc(0)));
    const s3 = await oracle().ask(inKafka.map((input) => ({ op: "connect/json-line", input })));
    const ourS3 = inKafka.map((bytes) => outcomeOf(() => format.encode(converter(bytes))));
    const atS3 = disagreements(posted, ourS3, s3);
    expect(atS3.length, summary(atS3, posted.length)).toBe(0);
    expect(s3.every((a) => a.ok)).toBe(true);
  });
});
