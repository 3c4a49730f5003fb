import { checkBucket } from "../check/check-bucket.ts";
import { checkRunningStack } from "../check/check-running.ts";
import { reportText } from "../check/report-text.ts";
import type { CheckReport } from "../check/types.ts";
import { config } from "../config.ts";
import { gatewayLogFiles } from "../components/gateway/log-files.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { readStackRecord } from "../runtime/stack-record.ts";
import { positiveInteger } from "./args.ts";
import { declareCommand, defineCommand } from "./declaration.ts";

export const CHECK_DECLARATION = declareCommand({
  name: "check",
  summary: "check every partition of the running stack, or the objects of any bucket",
  details:
    "Without --bucket it checks the stack `pinpipe up --detach` left running. With --bucket it runs the checks " +
    "that need only the objects, on any S3 bucket (a real AWS one too, with the usual AWS credentials).",
  options: {
    json: { type: "boolean", default: false, help: "print the report as one JSON object" },
    bucket: { type: "string", value: "NAME", help: "check this bucket's objects instead of the running stack" },
    endpoint: { type: "string", value: "URL", defaultText: "AWS", help: "the S3 endpoint of --bucket" },
    region: { type: "string", value: "R", default: "us-east-1", help: "the region of --bucket" },
    prefix: { type: "string", value: "PREFIX", default: "topics/", help: "where the sink's objects are in --bucket" },
    "flush-size": {
      type: "string",
      value: "N",
      help: "the connector's flush.size, to check each object's record count against",
    },
  },
});

export function printReport(report: CheckReport, json: boolean): void {
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : reportText(report));
}

/** `pinpipe check`: the running stack's partitions, or (with --bucket) the objects of any bucket. */
export const checkCommand = defineCommand(CHECK_DECLARATION, async ({ values }) => {
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
    report = await checkRunningStack(record.info, { journalFile: gatewayLogFiles(record.logDir).journalFile });
  }
  printReport(report, values.json);
  return report.ok ? 0 : 1;
});
