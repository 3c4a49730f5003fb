import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../harness/check/types.ts";
import { EMULATORS, fingerprint, pathWithoutNewerPython, pinpipe } from "../support/emulator-folders.ts";
import { processesLeftIn } from "../support/processes.ts";

/** Each folder of fixtures/emulators/ that must pass, the command its author runs, and what pinpipe must find. */
const PASSING = [
  { folder: "hardcoded-login", command: "python3 user_posting_emulation.py", stage: "prod", userId: "0e4a91c7d2b3" },
  { folder: "creds-other-name", command: "python3 user_posting_emulation.py", stage: "dev", userId: "1f7c2d9a8e50" },
  { folder: "dotenv", command: "python3 user_posting_emulation.py", stage: "test", userId: "2a8b6e1f0c94" },
  { folder: "decouple", command: "python3 emulation/run_emulation.py", stage: "Test", userId: "3c5d7f9e1a26" },
  { folder: "config-invoke", command: "python3 user_posting_emulation.py", stage: "REST", userId: "4b0e2c8d6f13" },
  { folder: "package-main", command: "python3 data_emulation/main.py", stage: "staging", userId: "5d1f3a7b9c08" },
  {
    folder: "multiprocessing-enter",
    command: "python3 user_posting_emulation.py",
    stage: "prod",
    userId: "6e2a4c8f0b37",
  },
  { folder: "json-every-answer", command: "python3 user_posting_emulation.py", stage: "dev", userId: "7a3b5d9e1c42" },
  { folder: "sqlalchemy14", command: "python3 user_posting_emulation.py", stage: "prod", userId: "8c4d6e0f2a59" },
  { folder: "sqlalchemy2", command: "python3 batch_emulation.py", stage: "test", userId: "9d5e7f1a3b60" },
];

/**
 * The streaming half's folders: the records they put must be in the streams, shard by shard. `topics`: whether the
 * script also posts to the topics; `rowFinding`: the one finding every stream record gets, if any.
 */
const STREAMING = [
  {
    folder: "stream-only",
    command: "python3 user_posting_emulation_streaming.py",
    stage: "dev",
    userId: "c3e5a7b9d1f4",
    topics: false,
    rowFinding: undefined,
  },
  {
    folder: "batch-and-stream",
    command: "python3 user_posting_emulation.py",
    stage: "prod",
    userId: "d4f6b8c0e2a5",
    topics: true,
    rowFinding: undefined,
  },
  {
    // Data holds the row as a JSON string: the Kafka half's rule for a double-encoded value, a warning.
    folder: "stream-data-string",
    command: "python3 kinesis_emulation.py",
    stage: "test",
    userId: "e5a7c9d1f3b6",
    topics: false,
    rowFinding: "NOT_A_ROW",
  },
] as const;

const RECORDS = 9;

const sum = (counts: Array<number | undefined>): number => counts.reduce<number>((total, n) => total + (n ?? 0), 0);

// Two runs at a time (the own-stacks project's maxConcurrency): each is a stack of its own on free ports, in a folder
// of its own, and most of a run is waiting on a JVM, the emulator or the sink.
describe.concurrent(
  "real emulators, unchanged: every style in fixtures/emulators/ with --emulator and --records only",
  () => {
    for (const { folder, command, stage, userId } of PASSING) {
      it(`${folder}: \`${command}\` passes, finds stage ${stage} and user ${userId}, leaves the folder as it was`, async () => {
        const dir = join(EMULATORS, folder);
        const before = fingerprint(dir);
        const { code, stdout, stderr } = await pinpipe(
          ["run", "--emulator", command, "--records", String(RECORDS), "--json"],
          dir,
        );
        const report = JSON.parse(stdout) as CheckReport;
        expect({ code, findings: report.findings, emulator: report.emulator }, stderr).toMatchObject({
          code: 0,
          findings: [],
        });
        expect(report.ok).toBe(true);
        expect(report.emulator?.found).toEqual(
          expect.arrayContaining([
            expect.stringMatching(new RegExp(`^stage ${stage} \\(from `)),
            expect.stringMatching(new RegExp(`^user id ${userId} \\(from `)),
            // config-invoke keeps no db_creds.yaml (it is in its .gitignore): pinpipe writes one for the run.
            folder === "config-invoke"
              ? expect.stringMatching(/^wrote db_creds\.yaml for the run/)
              : expect.stringMatching(
                  /^answered pinterestdbreadonly\.[a-z0-9]+\.eu-west-1\.rds\.amazonaws\.com with pinpipe's MySQL/,
                ),
            expect.stringMatching(
              /^answered [a-z0-9]+\.execute-api\.us-east-1\.amazonaws\.com with pinpipe's API Gateway$/,
            ),
          ]),
        );
        expect(report.bucket).toBe(`user-${userId}-bucket`);
        expect(report.partitions.map((p) => p.topic)).toEqual([`${userId}.pin`, `${userId}.geo`, `${userId}.user`]);
        expect(report.partitions.reduce((sum, p) => sum + (p.acknowledged ?? 0), 0)).toBeGreaterThanOrEqual(RECORDS);
        for (const partition of report.partitions) {
          // Warnings stay: an isoformat() datetime is worth a note about Spark's to_timestamp, not a failure.
          expect(partition.findings.filter((f) => f.severity === "error")).toEqual([]);
          expect(partition).toMatchObject({ pending: 0, objects: partition.acknowledged });
        }
        expect(fingerprint(dir)).toEqual(before);
        expect(await processesLeftIn(dir)).toEqual([]);
      }, 240_000);
    }

    for (const { folder, command, stage, userId, topics, rowFinding } of STREAMING) {
      it(`${folder}: \`${command}\` passes, its records are in the streams shard by shard, the folder stays as it was`, async () => {
        const dir = join(EMULATORS, folder);
        const before = fingerprint(dir);
        const { code, stdout, stderr } = await pinpipe(
          ["run", "--emulator", command, "--records", String(RECORDS), "--json"],
          dir,
        );
        const report = JSON.parse(stdout) as CheckReport;
        expect({ code, ok: report.ok, findings: report.findings, emulator: report.emulator }, stderr).toMatchObject({
          code: 0,
          ok: true,
          findings: [],
        });
        expect(report.emulator?.found).toEqual(
          expect.arrayContaining([
            expect.stringMatching(new RegExp(`^stage ${stage} \\(from `)),
            expect.stringMatching(new RegExp(`^user id ${userId} \\(from `)),
          ]),
        );
        // --records counts both halves: the emulator stopped at 9 records accepted, wherever they went.
        expect(report.emulator).toMatchObject({ stoppedBy: "records" });
        const shards = report.streams ?? [];
        expect(shards.map((s) => s.stream)).toEqual([
          `streaming-${userId}-pin`,
          `streaming-${userId}-geo`,
          `streaming-${userId}-user`,
        ]);
        const streamAcks = sum(shards.map((s) => s.acknowledged));
        const topicAcks = sum(report.partitions.map((p) => p.acknowledged));
        expect(streamAcks + topicAcks).toBeGreaterThanOrEqual(RECORDS);
        expect(streamAcks).toBeGreaterThan(0);
        for (const shard of shards) {
          expect(shard.acknowledged, shard.stream).toBeGreaterThan(0);
          // Each stream is new with the stack: it holds exactly what its clients were told it stored.
          expect(shard.records, shard.stream).toBe(shard.acknowledged);
          if (rowFinding === undefined) expect(shard.findings, shard.stream).toEqual([]);
          else {
            expect(
              shard.findings.map((f) => [f.code, f.severity]),
              shard.stream,
            ).toEqual(Array.from({ length: shard.acknowledged }, () => [rowFinding, "warning"]));
          }
        }
        if (topics) expect(topicAcks).toBeGreaterThan(0);
        else expect(report.partitions.every((p) => p.records === 0 && !p.acknowledged)).toBe(true);
        for (const partition of report.partitions) {
          expect(partition.findings.filter((f) => f.severity === "error")).toEqual([]);
          expect(partition).toMatchObject({ pending: 0, objects: partition.acknowledged });
        }
        expect(fingerprint(dir)).toEqual(before);
        expect(await processesLeftIn(dir)).toEqual([]);
      }, 240_000);
    }

    it("needs-python312: fails before anything starts, naming the Python it needs and the line that needs it", async () => {
      const dir = join(EMULATORS, "needs-python312");
      const { code, stderr } = await pinpipe(
        ["run", "--emulator", "python3 user_posting_emulation.py", "--records", "9"],
        dir,
        {
          PATH: pathWithoutNewerPython(),
        },
      );
      expect(code).toBe(1);
      expect(stderr).toMatch(
        /^pinpipe: the emulator needs Python ≥ 3\.12 \(user_posting_emulation\.py:\d+: .*f-string.*\); this machine has Python 3\.11\.\d+: install Python 3\.12 and put python3\.12 on PATH\n {2}\[PINPIPE_PYTHON_TOO_OLD\]\n$/,
      );
    }, 60_000);
  },
);
