import { parseRuntimeChoice } from "../config.ts";
import { runJob } from "../job.ts";
import { integerAtLeast, parseCommandArgs, positiveInteger } from "./args.ts";
import { printReport } from "./check.ts";

const RUN_OPTIONS = {
  emulator: { type: "string" },
  records: { type: "string" },
  duration: { type: "string" },
  requirements: { type: "string", multiple: true },
  connector: { type: "string" },
  json: { type: "boolean", default: false },
  runtime: { type: "string" },
  "user-id": { type: "string" },
  partitions: { type: "string" },
  "fixture-seed": { type: "string" },
  "fixture-rows": { type: "string" },
} as const;

/** `pinpipe run`: the main job; exit 0 only when every check passes. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("run", argv, RUN_OPTIONS);
  const result = await runJob({
    emulator: values.emulator,
    records: positiveInteger(values.records, "--records"),
    durationS: positiveInteger(values.duration, "--duration"),
    requirements: values.requirements,
    connectorFile: values.connector,
    runtime: values.runtime === undefined ? undefined : parseRuntimeChoice(values.runtime, "--runtime"),
    userId: values["user-id"],
    partitions: positiveInteger(values.partitions, "--partitions"),
    fixtures: {
      seed: integerAtLeast(0, values["fixture-seed"], "--fixture-seed"),
      rows: integerAtLeast(0, values["fixture-rows"], "--fixture-rows"),
    },
  });
  printReport(result.report, values.json);
  return result.ok ? 0 : 1;
}
