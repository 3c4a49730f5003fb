import { join } from "node:path";

/** The gateway's two logs, by the names every reader (stack, `pinpipe check`, reports) finds them under. */
export const GATEWAY_JOURNAL_FILE = "gateway-journal.jsonl";
export const GATEWAY_ACCESS_LOG_FILE = "gateway-access.log";

export function gatewayLogFiles(logDir: string): { journalFile: string; accessLogFile: string } {
  return { journalFile: join(logDir, GATEWAY_JOURNAL_FILE), accessLogFile: join(logDir, GATEWAY_ACCESS_LOG_FILE) };
}
