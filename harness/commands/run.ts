import { runJob } from "../job.ts";
import { parseCommandArgs, positiveInteger } from "./args.ts";
import { STACK_OPTIONS, stackOptionsFromArgs } from "./stack-args.ts";
import { printReport } from "./check.ts";

const RUN_OPTIONS = {
  emulator: { type: "string" },
  records: { type: "string" },
  duration: { type: "string" },
  requirements: { type: "string", multiple: true },
  json: { type: "boolean", default: false },
  ...STACK_OPTIONS,
} as const;

/** `pinpipe run`: the main job; exit 0 only when every check passes. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("run", argv, RUN_OPTIONS);
  const result = await runJob({
    emulator: values.emulator,
    records: positiveInteger(values.records, "--records"),
    durationS: positiveInteger(values.duration, "--duration"),
    requirements: values.requirements,
    ...stackOptionsFromArgs(values),
  });
  printReport(result.report, values.json);
  return result.ok ? 0 : 1;
}
