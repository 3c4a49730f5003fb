import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { jdkGzip } from "../../harness/java/gzip.ts";
import { sinkJsonWrites } from "../../harness/java/jackson-sink-writes.ts";
import { projectPath } from "../../harness/paths.ts";
import { jsonVectors } from "./json-vectors.ts";
import { longRecords, nullRun, tinyRecords, tokenRecords } from "./long-records.ts";
import { useOracle } from "./support.ts";

const oracle = useOracle();
const LEVELS = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/**
 * Objects over this size go through the default level, level 0 (whose stored blocks depend on the writes), and
 * the two ends of zlib's range: each level's deflate is the same code at other parameters, which the smaller
 * objects hold at every level, and compressing megabytes at every level twice took most of the suite's CPU.
 */
const LARGE_OBJECT = 768 * 1024;
const LARGE_OBJECT_LEVELS = [-1, 0, 1, 9];
/** The most bytes a stored block holds when zlib writes it from its pending buffer. */
const LARGEST_STORED_BLOCK = 65_531;

/** The lines the sink writes for these JSON texts, with the real converter and generator. */
async function linesOf(texts: readonly Buffer[]): Promise<(Buffer | undefined)[]> {
  const answers = await oracle().ask(texts.map((input) => ({ op: "connect/json-line", input })));
  return answers.map((answer) => (answer.ok ? answer.output : undefined));
}

/**
 * A body of the sink's lines for these JSON texts. The oracle reads each line back to the value the sink held, so
 * only lines that read back to themselves are kept (a few do not: the converter reads `-0.0` back as `0.0`); texts
 * the converter refuses are left out too.
 */
async function sinkBody(texts: readonly string[]): Promise<Buffer> {
  const lines = (await linesOf(texts.map((text) => Buffer.from(text)))).filter((line) => line !== undefined);
  const again = await linesOf(lines.map((line) => line.subarray(0, -1)));
  return Buffer.concat(lines.filter((line, i) => again[i]?.equals(line)));
}

/** The stored blocks of a level-0 gzip member, which are all byte-aligned: a header byte, LEN, NLEN, data. */
function storedBlocks(member: Buffer): number[] {
  const lengths: number[] = [];
  for (let at = 10, last = false; !last;) {
    last = ((member[at] as number) & 1) === 1;
    const length = member.readUInt16LE(at + 1);
    lengths.push(length);
    at += 5 + length;
  }
  return lengths;
}

/** Each write's length from the oracle's answer: 4 bytes each, big-endian. */
function writeLengths(answer: Buffer): number[] {
  return Array.from({ length: answer.length / 4 }, (_, i) => answer.readInt32BE(i * 4));
}

describe("the differential oracle: gzipped S3 objects", () => {
  let objects: Buffer[] = [];
  /** Thousands of small values per record, so the buffer's end meets every room check: only the writes are compared. */
  let manyTokens: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    const rows = readFileSync(projectPath("fixtures", "data", "pinterest_data.jsonl"), "utf8").split("\n");
    objects = [
      Buffer.alloc(0),
      Buffer.from('{"a":1}\n'),
      await sinkBody(rows.slice(0, 2)),
      await sinkBody(rows.slice(0, 100)),
      await sinkBody(rows.slice(0, 1_200)),
      await sinkBody(jsonVectors(0x677a, 2_000)),
      await sinkBody(tinyRecords(0x7a1, 20_000)),
      await sinkBody(longRecords(0x10c, 80)),
      await sinkBody(longRecords(0x10d, 60)),
      await sinkBody(nullRun(5_000)),
    ];
    manyTokens = await sinkBody(tokenRecords(0x70c, 150));
  }, 300_000);

  it("splits each object into the writes the sink's generator makes to its gzip stream", async () => {
    const bodies = [...objects, manyTokens];
    const answers = await oracle().ask(
      bodies.map((body) => ({ op: "connect/gzip", input: Buffer.concat([Buffer.from([0x80]), body]) })),
    );
    answers.forEach((answer, i) => {
      if (!answer.ok) throw new Error(answer.error);
      const ours = sinkJsonWrites(bodies[i] as Buffer)?.map((write) => write.length);
      expect(ours, `object ${i}`).toEqual(writeLengths(answer.output));
    });
    // Records longer than the generator's buffer are among them, so they are written in several pieces.
    expect(
      objects.some((body) =>
        body
          .toString("utf8")
          .split("\n")
          .some((line) => line.length > 40_000),
      ),
    ).toBe(true);
  });

  it("writes every object as the sink's GZIPOutputStream does, at s3.compression.level -1 to 9", async () => {
    const cases = objects.flatMap((body) =>
      (body.length > LARGE_OBJECT ? LARGE_OBJECT_LEVELS : LEVELS).map((level) => ({ body, level })),
    );
    const answers = await oracle().ask(
      cases.map(({ body, level }) => ({ op: "connect/gzip", input: Buffer.concat([Buffer.from([level + 1]), body]) })),
    );
    const differ: string[] = [];
    answers.forEach((answer, i) => {
      const { body, level } = cases[i] as { body: Buffer; level: number };
      if (!answer.ok) throw new Error(answer.error);
      const ours = jdkGzip(body, level);
      if (!ours.equals(answer.output))
        differ.push(`level ${level}, ${body.length} bytes: ${ours.length} against ${answer.output.length}`);
    });
    expect(differ).toEqual([]);
    expect(answers).toHaveLength(cases.length);
    // Every level, the JDK's zlib against pinpipe's, over rows up to 700 KB and the generated vectors.
    expect(cases.filter((c) => c.body.length > 600_000 && c.body.length <= LARGE_OBJECT)).toHaveLength(LEVELS.length);

    // The large objects span many stored blocks at level 0, most of them cut where a write ended.
    const large = objects.filter((body) => body.length > 1_000_000);
    expect(large.length).toBeGreaterThanOrEqual(2);
    for (const body of large) {
      const blocks = storedBlocks(jdkGzip(body, 0)).slice(0, -1);
      expect(blocks.length).toBeGreaterThan(15);
      expect(blocks.filter((length) => length !== LARGEST_STORED_BLOCK).length).toBeGreaterThan(blocks.length / 2);
    }
  }, 300_000);
});
