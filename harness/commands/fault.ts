import { request } from "undici";
import { config } from "../config.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { parseFaultAction } from "../faults/actions.ts";
import { readStackRecord } from "../runtime/stack-record.ts";
import { declareCommand, defineCommand } from "./declaration.ts";

export const FAULT_DECLARATION = declareCommand({
  name: "fault",
  summary: "apply a fault to the stack `up --detach` left running: a component, the network, the gateway",
  details:
    "`pinpipe fault sink kill` (a crash), `pinpipe fault sink start`, `stop`, `restart`, for rest-proxy, kafka, " +
    "kafka-<node id>, sink, s3 and mysql; `pinpipe fault net rest-proxy->kafka latency=200ms` (or bandwidth=1mb/s, " +
    "reset, blackhole, off; links: gateway->rest-proxy, rest-proxy->kafka, sink->kafka, sink->s3, and while an " +
    "emulator runs emulator->gateway and emulator->mysql); `pinpipe fault gateway latency=200ms error-rate=0.1 throttle=5/10 timeout=2000` " +
    "(`gateway off` clears them). Without a fault it lists what was applied and the network links.",
  positional: { name: "FAULT", help: "the fault, as in the examples above", variadic: true },
  options: {
    json: { type: "boolean", default: false, help: "print the answer as JSON" },
  },
});

/** `pinpipe fault …`: exit 0 once the fault took, 1 when it did not, 2 for a fault that cannot be read. */
export const faultCommand = defineCommand(FAULT_DECLARATION, async ({ values, positionals }) => {
  const text = positionals.join(" ");
  // Read here first, so a typo is answered without a stack, with the forms that are accepted.
  if (text !== "") parseFaultAction(text);
  const record = await readStackRecord(config().stateDir);
  if (!record?.faultControlUrl) {
    throw new PinpipeError(
      ErrorCode.NoRunningStack,
      "No detached stack is running here: start one with `pinpipe up --detach`, then apply faults to it.",
    );
  }
  const answer = await request(`${record.faultControlUrl}/faults`, {
    method: text === "" ? "GET" : "POST",
    ...(text !== "" && { body: text }),
  }).catch((error: unknown) => {
    throw new PinpipeError(
      ErrorCode.NoRunningStack,
      `the detached stack does not answer: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  });
  const body = (await answer.body.json()) as Record<string, unknown>;
  if (answer.statusCode === 200) {
    if (values.json || text === "") process.stdout.write(`${JSON.stringify(body, null, values.json ? 0 : 2)}\n`);
    else process.stdout.write(`${String(body.action)}: applied in ${String(body.tookMs)} ms\n`);
    return 0;
  }
  throw new PinpipeError(
    answer.statusCode === 400 ? ErrorCode.InvalidOption : ErrorCode.StartFailed,
    `fault "${text}" did not take: ${String(body.error)}`,
  );
});
