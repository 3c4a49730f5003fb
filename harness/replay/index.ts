import { writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { checkRunningStack } from "../check/check-running.ts";
import { reportHtml } from "../check/report-html.ts";
import type { CheckReport } from "../check/types.ts";
import { readJournal } from "../components/gateway/journal.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { progress as defaultProgress } from "../runtime/progress.ts";
import { startStack, type StackOptions } from "../stack.ts";
import { recordedRequests, recordedTargets } from "./recorded-requests.ts";
import { sendRecorded } from "./send.ts";

export interface ReplayOptions extends StackOptions {
  /** A gateway journal (`pinpipe run --record FILE`, or `.pinpipe/logs/gateway-journal.jsonl`). */
  journal: string;
  /** 1 = the recorded timing (default), N = N times faster, 0 = one request after another without pauses. */
  speed?: number;
  sinkTimeoutMs?: number;
}

export interface ReplayResult {
  report: CheckReport;
  reportFile: string;
  ok: boolean;
}

async function readRecording(file: string): Promise<Awaited<ReturnType<typeof readJournal>>> {
  try {
    return await readJournal(file);
  } catch (error) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `cannot read the journal ${file}: ${(error as Error).message}; give the JSONL file \`pinpipe run --record\` ` +
        "wrote, or a stack's .pinpipe/logs/gateway-journal.jsonl",
      { cause: error },
    );
  }
}

/**
 * `pinpipe replay`: sends the requests of a recorded gateway journal to a fresh stack, with the recorded timing
 * (or faster), then checks every partition as `pinpipe run` does. The stack serves the recorded stage and
 * user id, so the same paths reach the same topics; no emulator and no database of the user's is needed.
 */
export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const say = options.progress ?? defaultProgress;
  const journal = resolve(options.journal);
  const entries = await readRecording(journal);
  const requests = recordedRequests(entries);
  if (requests.length === 0) {
    throw new PinpipeError(ErrorCode.InvalidOption, `the journal ${journal} holds no request to replay`);
  }
  const targets = recordedTargets(entries);
  const speed = options.speed ?? 1;
  say(
    `replaying ${requests.length} requests of ${journal}` +
      `${targets.stage ? ` to stage ${targets.stage}` : ""}${targets.userId ? ` for user ${targets.userId}` : ""}`,
  );
  const stack = await startStack({
    restProxyPort: 0,
    ...options,
    stage: options.stage ?? targets.stage,
    userId: options.userId ?? targets.userId,
  });
  try {
    const outcome = await sendRecorded(requests, new URL(stack.info.invokeUrl).origin, speed);
    say(`sent ${outcome.sent} requests; waiting for the sink`);
    await stack.gateway.settle();
    const report = await checkRunningStack(stack.info, {
      journalFile: stack.journalFile,
      waitForSinkMs: options.sinkTimeoutMs ?? 60_000,
    });
    report.replay = { journal, speed, ...outcome };
    const reportFile = join(dirname(stack.logDir), "report.html");
    await writeFile(reportFile, reportHtml(report));
    say(`HTML report: ${reportFile}`);
    return { report, reportFile, ok: report.ok };
  } finally {
    await stack.stop();
  }
}
