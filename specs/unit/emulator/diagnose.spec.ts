import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../../harness/components/gateway/journal.ts";
import { diagnoseEmulator, type DiagnosisFacts } from "../../../harness/emulator/diagnose.ts";
import type { EmulatorRunResult } from "../../../harness/emulator/run.ts";

const TOPICS = ["0a1b2c3d4e5f.pin", "0a1b2c3d4e5f.geo", "0a1b2c3d4e5f.user"];

function run(overrides: Partial<EmulatorRunResult> = {}): EmulatorRunResult {
  return {
    stoppedBy: "exited",
    stopStep: "exited",
    exitCode: 1,
    signal: null,
    durationMs: 2000,
    logFile: "/logs/emulator.log",
    outputTail: [],
    accepted: 0,
    names: [],
    rds: [],
    wroteDbCreds: false,
    plan: {} as EmulatorRunResult["plan"],
    ...overrides,
  };
}

/** A journal line as the gateway writes it, reduced to what the diagnosis reads. */
function exchange(method: string, url: string, status: number, resourcePath: string | null = "/{proxy+}") {
  return {
    method,
    url,
    status,
    resourcePath,
    request: { headers: [["Content-Type", "application/json"]], body: { bytes: 0, truncated: false } },
    response: { headers: [], body: { bytes: 0, truncated: false } },
  } as unknown as JournalEntry;
}

const facts = (more: Partial<DiagnosisFacts>): DiagnosisFacts => ({
  run: run(),
  journal: [],
  stage: "prod",
  pinned: { stage: false, userId: false },
  topics: TOPICS,
  rows: 11153,
  ...more,
});

describe("the one-line cause of a failed emulator run", () => {
  it("names a module the script imports that is not installed, and where to list it", () => {
    const tail = ["Traceback (most recent call last):", "ModuleNotFoundError: No module named 'pinterest_helpers.db'"];
    expect(diagnoseEmulator(facts({ run: run({ outputTail: tail }) }))).toEqual({
      code: "EMULATOR_MISSING_MODULE",
      cause: "the emulator imports pinterest_helpers.db, which is not installed in its virtualenv",
      fix: "list the distribution that provides pinterest_helpers in a requirements.txt beside the script",
    });
  });

  it("names a host pinpipe does not stand in for before the error it caused", () => {
    const names = [{ type: "refused" as const, host: "kinesis.us-east-1.amazonaws.com", port: 443, pid: 7 }];
    const tail = ["requests.exceptions.ConnectionError: Failed to resolve 'kinesis.us-east-1.amazonaws.com'"];
    expect(diagnoseEmulator(facts({ run: run({ names, outputTail: tail }) }))).toMatchObject({
      code: "EMULATOR_HOST_NOT_SERVED",
      cause: "the emulator connects to kinesis.us-east-1.amazonaws.com:443, which pinpipe does not stand in for",
    });
  });

  it("tells a stage typo from a pinned stage: the fix is the flag in one case, the script in the other", () => {
    const journal = [exchange("POST", "/dev/topics/0a1b2c3d4e5f.pin", 403, null)];
    const found = diagnoseEmulator(facts({ journal }));
    expect(found).toMatchObject({ code: "EMULATOR_UNKNOWN_STAGE", fix: "pass --stage dev" });
    expect(found?.cause).toBe(
      'the emulator calls stage "dev" (POST /dev/topics/0a1b2c3d4e5f.pin), but the deployed stage is "prod": API Gateway answers 403',
    );
    expect(diagnoseEmulator(facts({ journal, pinned: { stage: true, userId: false } }))?.fix).toBe(
      "drop --stage prod to deploy the stage the script uses, or correct the script",
    );
  });

  it("points a topic of another user id at --user-id, and a misspelt topic at the script", () => {
    const other = [exchange("POST", "/prod/topics/ffffffffffff.pin", 504)];
    expect(diagnoseEmulator(facts({ journal: other }))).toMatchObject({
      code: "EMULATOR_UNKNOWN_TOPIC",
      cause:
        "the emulator posts to topic ffffffffffff.pin, which does not exist (504 after API Gateway's integration " +
        "timeout); the topics are 0a1b2c3d4e5f.pin, 0a1b2c3d4e5f.geo, 0a1b2c3d4e5f.user",
      fix: "pass --user-id ffffffffffff",
    });
    expect(diagnoseEmulator(facts({ journal: other, pinned: { stage: false, userId: true } }))?.fix).toBe(
      "drop --user-id to use the id the script posts to (ffffffffffff), or correct the script",
    );
    // Refused record by record in a 200, while the other topics take theirs: the checks failed, so it is explained.
    const typo = [exchange("POST", "/prod/topics/0a1b2c3d4e5f.pins", 200)];
    const running = run({ stoppedBy: "duration", exitCode: null, signal: "SIGINT", accepted: 6 });
    expect(diagnoseEmulator(facts({ run: running, journal: typo, checksFailed: true }))?.fix).toMatch(
      /^correct the topic name in the script/,
    );
  });

  it("names a stream that does not exist, though API Gateway answered the PUT with 200", () => {
    const streams = ["streaming-0a1b2c3d4e5f-pin", "streaming-0a1b2c3d4e5f-geo", "streaming-0a1b2c3d4e5f-user"];
    const refused = exchange(
      "PUT",
      "/prod/streams/streaming-9f8e7d6c5b4a-pin/record",
      200,
      "/streams/{stream-name}/record",
    );
    refused.response.body.text =
      '{"__type":"ResourceNotFoundException","message":"Stream streaming-9f8e7d6c5b4a-pin under account 123456789012 not found."}';
    const running = run({ stoppedBy: "stalled", exitCode: null, accepted: 0 });
    expect(diagnoseEmulator(facts({ run: running, journal: [refused], streams }))).toMatchObject({
      code: "EMULATOR_UNKNOWN_STREAM",
      fix: "pass --user-id 9f8e7d6c5b4a",
    });
    // A stream the stack has is never the cause, whatever its answer.
    const known = exchange(
      "PUT",
      "/prod/streams/streaming-0a1b2c3d4e5f-pin/record",
      200,
      "/streams/{stream-name}/record",
    );
    known.response.body.text = refused.response.body.text;
    expect(diagnoseEmulator(facts({ run: running, journal: [known], streams }))?.code).toBe("EMULATOR_STALLED");
  });

  it("says a run stopped for want of progress when nothing more specific explains it", () => {
    const stalled = run({ stoppedBy: "stalled", exitCode: null, accepted: 4 });
    const answered = exchange("POST", "/prod/topics/0a1b2c3d4e5f.pin", 200);
    expect(diagnoseEmulator(facts({ run: stalled, journal: [answered] }))).toMatchObject({
      code: "EMULATOR_STALLED",
      cause:
        "no record was accepted for 60 s while the emulator kept running, after 4 accepted records, so pinpipe stopped it",
    });
  });

  it("says so when nothing reached the gateway, and nothing when the run went well", () => {
    const silent = run({ stoppedBy: "duration", exitCode: null, signal: "SIGINT", durationMs: 5000 });
    expect(diagnoseEmulator(facts({ run: silent }))).toMatchObject({
      code: "EMULATOR_NOTHING_ARRIVED",
      cause: "no request reached the gateway in 5.0 s of the emulator's run",
    });
    const fine = run({ stoppedBy: "records", exitCode: null, signal: "SIGINT", accepted: 9 });
    expect(
      diagnoseEmulator(facts({ run: fine, journal: [exchange("POST", "/prod/topics/0a1b2c3d4e5f.pin", 200)] })),
    ).toBeUndefined();
  });

  it("falls back to the exit code and the last error line of the traceback", () => {
    const tail = ["Traceback (most recent call last):", '  File "main.py", line 3', "KeyError: 'HOST'", ""];
    expect(diagnoseEmulator(facts({ run: run({ outputTail: tail, accepted: 2 }) }))?.cause).toBe(
      "the emulator exited with code 1 after 2 accepted records: KeyError: 'HOST'",
    );
  });
});
