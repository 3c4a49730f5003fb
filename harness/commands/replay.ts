import { runReplay } from "../replay/index.ts";
import { declareCommand, defineCommand, usageError } from "./declaration.ts";
import { printReport } from "./check.ts";
import { STACK_OPTIONS, stackOptionsFromArgs } from "./stack-args.ts";

export const REPLAY_DECLARATION = declareCommand({
  name: "replay",
  summary: "send a recorded gateway journal to a fresh stack and check every partition, as `run` does",
  details:
    "Reproduces a run without its emulator or its database: the requests of the journal (`pinpipe run --record " +
    "FILE`, or a stack's .pinpipe/logs/gateway-journal.jsonl) go to a fresh stack that serves the recorded stage " +
    "and user id, with the recorded timing or faster. Exits 0 only when every check passes.",
  positional: { name: "JOURNAL", help: "the gateway journal (JSONL) to send again", required: true },
  options: {
    speed: {
      type: "string",
      value: "N",
      default: "1",
      help: "N times the recorded pace; 0 sends each request once the one before was answered",
    },
    json: { type: "boolean", default: false, help: "print the report as one JSON object" },
    ...STACK_OPTIONS,
  },
});

function speedOf(value: string): number {
  const speed = Number(value);
  if (value.trim() === "" || !Number.isFinite(speed) || speed < 0) {
    throw usageError(REPLAY_DECLARATION, `--speed must be a number of at least 0, got "${value}"`);
  }
  return speed;
}

/** `pinpipe replay JOURNAL`: exit 0 only when every check passes. */
export const replayCommand = defineCommand(REPLAY_DECLARATION, async ({ values, positionals }) => {
  const result = await runReplay({
    journal: positionals[0] as string,
    speed: speedOf(values.speed),
    ...stackOptionsFromArgs(values),
  });
  printReport(result.report, values.json);
  return result.ok ? 0 : 1;
});
