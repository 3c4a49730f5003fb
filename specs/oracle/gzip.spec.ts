import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { jdkGzip } from "../../harness/java/gzip.ts";
import { projectPath } from "../../harness/paths.ts";
import { jsonVectors } from "./json-vectors.ts";
import { useOracle } from "./support.ts";

const oracle = useOracle();
// Level 0 (stored blocks) is left out: JDK 17's zlib cuts stored blocks where the sink's writes of each record
// fall once its window is full, which pinpipe does not reproduce; the inflated bytes are the same.
const LEVELS = [-1, 1, 2, 3, 4, 5, 6, 7, 8, 9];

describe("the differential oracle: gzipped S3 objects", () => {
  it("writes every object as the JDK's GZIPOutputStream does, at s3.compression.level -1 and 1 to 9", async () => {
    const rows = readFileSync(projectPath("fixtures", "data", "pinterest_data.jsonl"));
    const vectors = Buffer.from(jsonVectors(0x677a, 2_000).join("\n") + "\n");
    const objects = [
      Buffer.alloc(0),
      Buffer.from('{"a":1}\n'),
      rows.subarray(0, 1_000),
      rows.subarray(0, 64_000),
      rows.subarray(0, 700_000),
      vectors,
    ];
    const questions = LEVELS.flatMap((level) =>
      objects.map((body) => ({ op: "connect/gzip", input: Buffer.concat([Buffer.from([level + 1]), body]) })),
    );
    const answers = await oracle().ask(questions);
    const differ: string[] = [];
    answers.forEach((answer, i) => {
      const level = LEVELS[Math.floor(i / objects.length)] as number;
      const body = objects[i % objects.length] as Buffer;
      if (!answer.ok) throw new Error(answer.error);
      const ours = jdkGzip(body, level);
      if (!ours.equals(answer.output))
        differ.push(`level ${level}, ${body.length} bytes: ${ours.length} against ${answer.output.length}`);
    });
    expect(differ).toEqual([]);
    expect(answers).toHaveLength(LEVELS.length * objects.length);
  });
});
