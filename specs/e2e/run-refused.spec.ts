import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckReport } from "../../harness/check/types.ts";
import { EMULATORS, pinpipe, variant } from "../support/emulator-folders.ts";
import { allFindings, COMMAND, HARDCODED, job, SCRIPT } from "../support/run-job.ts";

// The real proxy waits max.block.ms (60 s) for a missing topic; a shorter wait gives the same answer sooner.
const SHORT_METADATA_WAIT = { "producer.max.block.ms": "1500" };

// Runs whose every request is refused: the emulator posts for its 6 s, then the report names the cause. One run at a
// time: two stacks starting beside one of these on two cores once left its emulator posting nothing in its 6 s.
describe("pinpipe run, when everything the emulator posts is refused", () => {
  it("exits 1 from the command line for the wrong content type: the cause, its fix and the proxy's 415 in JSON", async () => {
    const dir = variant(HARDCODED, SCRIPT, [["application/vnd.kafka.json.v2+json", "application/json"]]);
    const { code, stdout } = await pinpipe(["run", "--emulator", COMMAND, "--duration", "6", "--json"], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_UNSUPPORTED_MEDIA_TYPE",
      message: 'the REST proxy refuses the emulator\'s Content-Type "application/json" with 415',
      fix: expect.stringContaining("application/vnd.kafka.json.v2+json"),
    });
    expect(allFindings(report)).toContainEqual(
      expect.objectContaining({
        code: "REFUSED",
        message: expect.stringContaining("HTTP 415, error_code 415: HTTP 415 Unsupported Media Type"),
      }),
    );
    // The lines it printed before pinpipe stopped it, not the Ctrl-C traceback after.
    expect(report.emulator?.outputTail.join("\n")).toContain("0e4a91c7d2b3.pin 415");
    expect(report.emulator?.outputTail.join("\n")).not.toContain("KeyboardInterrupt");
  }, 180_000);

  it("names the topic a script posts to that does not exist, and the topics that do", async () => {
    const { ok, report } = await job({
      emulator: COMMAND,
      cwd: variant(HARDCODED, SCRIPT, [['send_to_kafka("0e4a91c7d2b3.pin"', 'send_to_kafka("0e4a91c7d2b3.pins"']]),
      durationS: 6,
      restProxyProperties: SHORT_METADATA_WAIT,
    });
    expect(ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_UNKNOWN_TOPIC",
      message:
        "the emulator posts to topic 0e4a91c7d2b3.pins, which does not exist (HTTP 200); the topics are " +
        "0e4a91c7d2b3.pin, 0e4a91c7d2b3.geo, 0e4a91c7d2b3.user",
    });
    expect(allFindings(report)).toContainEqual(
      expect.objectContaining({
        code: "REFUSED",
        message: expect.stringMatching(
          /error_code 50003: Topic 0e4a91c7d2b3\.pins not present in metadata after 1500 ms\./,
        ),
      }),
    );
  }, 180_000);

  it("with --stage pinned, a script that calls another stage gets API Gateway's 403, as on AWS", async () => {
    const { ok, report } = await job({
      emulator: COMMAND,
      cwd: join(EMULATORS, HARDCODED),
      stage: "dev",
      durationS: 6,
    });
    expect(ok).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "EMULATOR_UNKNOWN_STAGE",
      message: expect.stringMatching(
        /^the emulator calls stage "prod" \(POST \/prod\/topics\/0e4a91c7d2b3\.pin\), but the deployed stage is "dev"/,
      ),
      fix: "drop --stage dev to deploy the stage the script uses, or correct the script",
    });
  }, 180_000);
});
