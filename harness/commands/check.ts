import { join } from "node:path";
import { checkBucket } from "../check/check-bucket.ts";
import { checkRunningStack } from "../check/check-running.ts";
import { reportText } from "../check/report-text.ts";
import type { CheckReport } from "../check/types.ts";
import { config } from "../config.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { readStackRecord } from "../runtime/stack-record.ts";
import { parseCommandArgs, positiveInteger } from "./args.ts";

const CHECK_OPTIONS = {
  json: { type: "boolean", default: false },
  bucket: { type: "string" },
  region: { type: "string", default: "us-east-1" },
  endpoint: { type: "string" },
  prefix: { type: "string", default: "topics/" },
  "flush-size": { type: "string" },
} as const;

export function printReport(report: CheckReport, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : reportText(report));
}

/** `pinpipe check`: the running stack's partitions, or (with --bucket) the objects of any bucket. */
export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs("check", argv, CHECK_OPTIONS);
  const flushSize = positiveInteger(values["flush-size"], "--flush-size");
  let report: CheckReport;
  if (values.bucket) {
    report = await checkBucket({
      bucket: values.bucket,
      region: values.region,
      endpoint: values.endpoint,
      prefix: values.prefix,
      flushSize,
    });
  } else {
    const record = await readStackRecord(config().stateDir);
    if (!record) {
      throw new PinpipeError(
        ErrorCode.NoRunningStack,
        "No stack is running here: start one with `pinpipe up --detach`, or check a bucket with " +
          "`pinpipe check --bucket NAME [--endpoint URL] [--region REGION]`.",
      );
    }
    report = await checkRunningStack(record.info, { journalFile: join(record.logDir, "gateway-journal.jsonl") });
  }
  printReport(report, values.json);
  return report.ok ? 0 : 1;
}
