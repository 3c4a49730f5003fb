import { runJob } from "../job.ts";
import { positiveInteger } from "./args.ts";
import { declareCommand, defineCommand } from "./declaration.ts";
import { STACK_OPTIONS, stackOptionsFromArgs } from "./stack-args.ts";
import { printReport } from "./check.ts";

export const RUN_DECLARATION = declareCommand({
  name: "run",
  summary: "the main job: up, run the emulator, wait for the sink, check every partition, report, down",
  details:
    "The emulator runs in this folder, as a shell would run it, with its own config files: its RDS host and " +
    "invoke URL reach pinpipe's stand-ins. Stage and user id follow the script unless given. Exits 0 only when " +
    "every check passes.",
  options: {
    emulator: {
      type: "string",
      value: '"CMD"',
      defaultText: "the bundled reference emulator",
      help: 'the emulator\'s command line, e.g. "python3 user_posting_emulation.py"',
    },
    records: { type: "string", value: "N", help: "stop the emulator once N records were accepted" },
    duration: { type: "string", value: "S", help: "stop the emulator after S seconds" },
    requirements: {
      type: "string",
      value: "FILE",
      multiple: true,
      help: "a requirements file for the emulator's virtualenv, beside what its imports need",
    },
    record: {
      type: "string",
      value: "FILE",
      help: "keep the run's gateway journal in FILE, for `pinpipe replay FILE`",
    },
    json: { type: "boolean", default: false, help: "print the report as one JSON object" },
    ...STACK_OPTIONS,
  },
});

/** `pinpipe run`: the main job; exit 0 only when every check passes. */
export const runCommand = defineCommand(RUN_DECLARATION, async ({ values }) => {
  const result = await runJob({
    emulator: values.emulator,
    records: positiveInteger(values.records, "--records"),
    durationS: positiveInteger(values.duration, "--duration"),
    requirements: values.requirements,
    record: values.record,
    ...stackOptionsFromArgs(values),
  });
  printReport(result.report, values.json);
  return result.ok ? 0 : 1;
});
