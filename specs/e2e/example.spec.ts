// An example for users' own specs: a stack, the emulator under test, and pinpipe's matchers.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStack, type StartedStack } from "../../harness/index.ts";
import { pinpipeMatchers, REFERENCE_EMULATOR, runEmulator } from "../../harness/testing/index.ts";

expect.extend(pinpipeMatchers);

let stack: StartedStack;

beforeAll(async () => {
  // A stack of its own (in its own folder), so that only this emulator's records are in its topics.
  stack = await startStack({ stateDir: mkdtempSync(join(tmpdir(), "pinpipe-example-")), restProxyPort: 0 });
}, 120_000);
afterAll(() => stack?.stop());

describe("the reference emulator through the whole chain", () => {
  it("delivers every record it was told was accepted, partition by partition", async () => {
    await runEmulator({
      // Run as its author would: in its own folder, told where to post through its environment.
      command: `python3 ${basename(REFERENCE_EMULATOR)}`,
      cwd: dirname(REFERENCE_EMULATOR),
      stack,
      // Stops once the gateway acknowledged 12 records (counted with `stack.acks()`).
      records: 12,
      env: { INVOKE_URL: stack.info.invokeUrl, USER_ID: stack.info.userId, EMULATOR_SLEEP_SCALE: "0" },
      progress: () => {},
    });

    await expect(stack).toHaveDelivered({ records: 12 });
    for (const topic of stack.info.topics) {
      await expect(stack).toHavePartition(topic, 0, { pending: 0 });
    }
    await expect(stack).not.toHavePartition(`${stack.info.userId}.pin`, 1);
  }, 180_000);
});
