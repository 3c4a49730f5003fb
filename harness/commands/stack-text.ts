import type { StackInfo } from "../stack-info.ts";

/** The endpoints of a stack, one per line, for people; `--json` prints StackInfo instead. */
export function describeStack(info: StackInfo): string {
  const { mysql } = info;
  const rows: [string, string][] = [
    ["runtime", info.runtime],
    ["user id", info.userId],
    ["topics", info.topics.join(", ")],
    ["kafka", info.kafka.bootstrapServers],
    ["mysql", `mysql://${mysql.user}:${mysql.password}@${mysql.host}:${mysql.port}/${mysql.database}`],
    ["invoke url", info.invokeUrl],
    ["rest proxy", info.restProxyUrl],
    ["s3", info.s3.endpoint && `${info.s3.endpoint} bucket ${info.s3.bucket}`],
    ["connect", info.connectUrl && `${info.connectUrl} connector ${info.connector}`],
    // Absent from the stack.json of a stack recorded before the streaming half was there.
    ["kinesis", info.kinesis ? `${info.kinesis.endpoint} streams ${info.kinesis.streams.join(", ")}` : ""],
  ];
  return rows
    .filter(([, value]) => value !== "")
    .map(([name, value]) => `  ${name.padEnd(11)}${value}`)
    .join("\n");
}
