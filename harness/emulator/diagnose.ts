import type { JournalEntry } from "../components/gateway/journal.ts";
import { STALL_SECONDS, type EmulatorRunResult } from "./run.ts";

/** Stable codes of the emulator diagnoses, for scripts that read the JSON report. */
export const EmulatorDiagnosisCode = {
  HostNotServed: "EMULATOR_HOST_NOT_SERVED",
  MissingModule: "EMULATOR_MISSING_MODULE",
  EmptyResult: "EMULATOR_EMPTY_RESULT",
  UnknownStage: "EMULATOR_UNKNOWN_STAGE",
  UnknownTopic: "EMULATOR_UNKNOWN_TOPIC",
  UnknownStream: "EMULATOR_UNKNOWN_STREAM",
  UnsupportedMediaType: "EMULATOR_UNSUPPORTED_MEDIA_TYPE",
  NothingArrived: "EMULATOR_NOTHING_ARRIVED",
  Stalled: "EMULATOR_STALLED",
  Failed: "EMULATOR_FAILED",
} as const;

export type EmulatorDiagnosisCode = (typeof EmulatorDiagnosisCode)[keyof typeof EmulatorDiagnosisCode];

/** Why a run went wrong, in one line, and what to do about it. */
export interface EmulatorDiagnosis {
  code: EmulatorDiagnosisCode;
  cause: string;
  fix: string;
}

export interface DiagnosisFacts {
  run: EmulatorRunResult;
  /** The gateway's journal of this run. */
  journal: readonly JournalEntry[];
  stage: string;
  /** Whether the stage and user id were pinned by flags rather than found in the script's folder. */
  pinned: { stage: boolean; userId: boolean };
  topics: readonly string[];
  /** The stack's Kinesis streams; without them no stream is called unknown. */
  streams?: readonly string[];
  /** Rows per table in MySQL. */
  rows?: number;
  /** Whether the partition checks found something wrong (a refused record, say) that is to be explained. */
  checksFailed?: boolean;
}

const USER_ID = /^[0-9a-f]{12}$/;

function lastTracebackLine(tail: readonly string[]): string | undefined {
  return [...tail].reverse().find((line) => /^[A-Za-z_.]*(Error|Exception|Interrupt)\b.*:/.test(line.trim()));
}

function refusedHost(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  const refused = facts.run.names.find((event) => event.type === "refused");
  if (!refused) return undefined;
  return {
    code: EmulatorDiagnosisCode.HostNotServed,
    cause: `the emulator connects to ${refused.host}${refused.port ? `:${refused.port}` : ""}, which pinpipe does not stand in for`,
    fix:
      "pinpipe answers the course's RDS host (*.rds.amazonaws.com) and API Gateway invoke URLs " +
      "(https://<api-id>.execute-api.<region>.amazonaws.com/<stage>); point the script at those",
  };
}

function missingModule(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  for (const line of [...facts.run.outputTail].reverse()) {
    const name = /ModuleNotFoundError: No module named '([^']+)'/.exec(line)?.[1];
    if (name === undefined) continue;
    return {
      code: EmulatorDiagnosisCode.MissingModule,
      cause: `the emulator imports ${name}, which is not installed in its virtualenv`,
      fix: `list the distribution that provides ${name.split(".")[0]} in a requirements.txt beside the script`,
    };
  }
  return undefined;
}

function emptyResult(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  const empty = facts.run.rds.find((event) => event.type === "empty-result");
  if (!empty || empty.type !== "empty-result") return undefined;
  const rows = facts.rows === undefined ? "" : `: each table holds ${facts.rows} rows`;
  return {
    code: EmulatorDiagnosisCode.EmptyResult,
    cause: `the query \`${empty.sql.trim()}\` returned no row${rows}`,
    fix: "draw offsets below the row count, or seed more rows with --fixture-rows",
  };
}

function firstSegment(url: string): string {
  return (
    url
      .split("?")[0]
      ?.split("/")
      .find((segment) => segment !== "") ?? ""
  );
}

function unknownStage(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  const wrong = facts.journal.find(
    (entry) => entry.status === 403 && entry.resourcePath === null && firstSegment(entry.url) !== facts.stage,
  );
  if (!wrong) return undefined;
  const used = firstSegment(wrong.url);
  return {
    code: EmulatorDiagnosisCode.UnknownStage,
    cause: `the emulator calls stage "${used}" (${wrong.method} ${wrong.url.split("?")[0]}), but the deployed stage is "${facts.stage}": API Gateway answers 403`,
    fix: facts.pinned.stage
      ? `drop --stage ${facts.stage} to deploy the stage the script uses, or correct the script`
      : `pass --stage ${used}`,
  };
}

const PRODUCE = /^\/[^/]+\/topics\/([^/?]+)/;

function unknownTopic(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  for (const entry of facts.journal) {
    const topic = entry.method === "POST" ? PRODUCE.exec(entry.url)?.[1] : undefined;
    if (topic === undefined) continue;
    const name = decodeURIComponent(topic);
    if (facts.topics.includes(name) || entry.resourcePath === null) continue;
    const answer = entry.status === 504 ? "504 after API Gateway's integration timeout" : `HTTP ${entry.status}`;
    const prefix = name.split(".")[0] ?? "";
    const otherUser = USER_ID.test(prefix) && /\.(pin|geo|user)$/.test(name);
    return {
      code: EmulatorDiagnosisCode.UnknownTopic,
      cause: `the emulator posts to topic ${name}, which does not exist (${answer}); the topics are ${facts.topics.join(", ")}`,
      fix: otherUser
        ? facts.pinned.userId
          ? `drop --user-id to use the id the script posts to (${prefix}), or correct the script`
          : `pass --user-id ${prefix}`
        : `correct the topic name in the script: the course's topics are <user id>.pin, .geo and .user`,
    };
  }
  return undefined;
}

const STREAM_PUT = /^\/[^/]+\/streams\/([^/?]+)\/records?(?:\?|$)/;

/**
 * A PUT to a stream the stack does not have: API Gateway's default integration response passes Kinesis's
 * ResourceNotFoundException back with 200, so the emulator sees success unless it reads the body.
 */
function unknownStream(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  if (!facts.streams) return undefined;
  for (const entry of facts.journal) {
    const stream = entry.method === "PUT" ? STREAM_PUT.exec(entry.url)?.[1] : undefined;
    if (stream === undefined) continue;
    const name = decodeURIComponent(stream);
    if (facts.streams.includes(name) || !entry.response.body.text?.includes("ResourceNotFoundException")) continue;
    const user = /^streaming-([0-9a-f]{12})-(pin|geo|user)$/.exec(name)?.[1];
    return {
      code: EmulatorDiagnosisCode.UnknownStream,
      cause:
        `the emulator puts records to stream ${name}, which does not exist (Kinesis's ResourceNotFoundException, ` +
        `passed back with 200 as API Gateway's default integration response does); the streams are ` +
        facts.streams.join(", "),
      fix: user
        ? facts.pinned.userId
          ? `drop --user-id to use the id the script puts to (${user}), or correct the script`
          : `pass --user-id ${user}`
        : "correct the stream name in the script: the course's streams are streaming-<user id>-pin, -geo and -user",
    };
  }
  return undefined;
}

function unsupportedMediaType(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  const refused = facts.journal.find((entry) => entry.status === 415);
  if (!refused) return undefined;
  const sent = refused.request.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1];
  return {
    code: EmulatorDiagnosisCode.UnsupportedMediaType,
    cause: `the REST proxy refuses the emulator's Content-Type ${sent === undefined ? "(none)" : `"${sent}"`} with 415`,
    fix: 'send Content-Type: application/vnd.kafka.json.v2+json with a body {"records": [{"value": …}]}',
  };
}

function failedOrSilent(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  const { run } = facts;
  if (run.stoppedBy === "exited" && run.exitCode !== 0) {
    const last = lastTracebackLine(run.outputTail);
    return {
      code: EmulatorDiagnosisCode.Failed,
      cause:
        `the emulator exited with code ${run.exitCode ?? run.signal} after ${run.accepted ?? 0} accepted records` +
        (last ? `: ${last.trim()}` : ""),
      fix: `see the last lines of its output below, or all of it in ${run.logFile}`,
    };
  }
  if (run.stoppedBy === "stalled") {
    return {
      code: EmulatorDiagnosisCode.Stalled,
      cause:
        `no record was accepted for ${STALL_SECONDS} s while the emulator kept running, after ` +
        `${run.accepted ?? 0} accepted records, so pinpipe stopped it`,
      fix: "see the gateway's answers in the report and the journal, and the emulator's output below",
    };
  }
  if (facts.journal.length === 0) {
    return {
      code: EmulatorDiagnosisCode.NothingArrived,
      cause: `no request reached the gateway in ${(run.durationMs / 1000).toFixed(1)} s of the emulator's run`,
      // Either half counts: a script of the streaming half alone calls only /streams.
      fix:
        "check that the script posts to its invoke URL (…/<stage>/topics/<user id>.pin, or …/<stage>/streams/" +
        "streaming-<user id>-pin/record) and does not wait for input",
    };
  }
  return undefined;
}

/**
 * The one cause that best explains a run that failed or delivered nothing, most specific first: a host pinpipe
 * does not answer, a missing module or an empty query explain a crash better than its exit code does.
 */
export function diagnoseEmulator(facts: DiagnosisFacts): EmulatorDiagnosis | undefined {
  const troubled =
    facts.checksFailed === true ||
    (facts.run.stoppedBy === "exited" && facts.run.exitCode !== 0) ||
    facts.run.stoppedBy === "stalled" ||
    (facts.run.accepted ?? 0) === 0 ||
    facts.journal.some((entry) => entry.status >= 400);
  if (!troubled) return undefined;
  for (const rule of [
    refusedHost,
    missingModule,
    unknownStage,
    unknownTopic,
    unknownStream,
    unsupportedMediaType,
    emptyResult,
    failedOrSilent,
  ]) {
    const diagnosis = rule(facts);
    if (diagnosis) return diagnosis;
  }
  return undefined;
}
