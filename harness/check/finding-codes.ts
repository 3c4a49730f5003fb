import { EmulatorDiagnosisCode } from "../emulator/diagnose.ts";
import type { Finding } from "./types.ts";

/**
 * Stable finding codes: scripts and CI match on them in the JSON report, so a code never changes meaning.
 * README.md's "Finding codes" lists the same codes; a unit spec keeps the two in step.
 */
export const FindingCode = {
  Empty: "EMPTY",
  NoNewline: "NO_NEWLINE",
  NotJson: "NOT_JSON",
  FlushSize: "FLUSH_SIZE",
  Gap: "GAP",
  Overlap: "OVERLAP",
  BadKey: "BAD_KEY",
  OtherTopic: "OTHER_TOPIC",
  ConnectorFailed: "CONNECTOR_FAILED",
  Refused: "REFUSED",
  AckNotInKafka: "ACK_NOT_IN_KAFKA",
  ValueChanged: "VALUE_CHANGED",
  MissingInS3: "MISSING_IN_S3",
  ProducerDuplicate: "PRODUCER_DUPLICATE",
  BytesDiffer: "BYTES_DIFFER",
  NotInKafka: "NOT_IN_KAFKA",
  NotARow: "NOT_A_ROW",
  NoSourceRow: "NO_SOURCE_ROW",
  NotTheSourceRow: "NOT_THE_SOURCE_ROW",
  DatetimeForm: "DATETIME_FORM",
  AckNotInStream: "ACK_NOT_IN_STREAM",
  StreamDuplicate: "STREAM_DUPLICATE",
  StreamRetryDuplicate: "STREAM_RETRY_DUPLICATE",
  StreamOutOfOrder: "STREAM_OUT_OF_ORDER",
  StreamBytesDiffer: "STREAM_BYTES_DIFFER",
  // `pinpipe run` turns its emulator diagnosis into a finding; the codes stay owned by the diagnosis.
  EmulatorHostNotServed: EmulatorDiagnosisCode.HostNotServed,
  EmulatorMissingModule: EmulatorDiagnosisCode.MissingModule,
  EmulatorEmptyResult: EmulatorDiagnosisCode.EmptyResult,
  EmulatorUnknownStage: EmulatorDiagnosisCode.UnknownStage,
  EmulatorUnknownTopic: EmulatorDiagnosisCode.UnknownTopic,
  EmulatorUnsupportedMediaType: EmulatorDiagnosisCode.UnsupportedMediaType,
  EmulatorNothingArrived: EmulatorDiagnosisCode.NothingArrived,
  EmulatorUnknownStream: EmulatorDiagnosisCode.UnknownStream,
  EmulatorStalled: EmulatorDiagnosisCode.Stalled,
  EmulatorFailed: EmulatorDiagnosisCode.Failed,
} as const;

export type FindingCode = (typeof FindingCode)[keyof typeof FindingCode];

// A diagnosis code added without its finding code fails to compile here, not in a script reading the report.
const _everyDiagnosisIsAFinding: EmulatorDiagnosisCode extends FindingCode ? true : never = true;

export interface FindingCodeInfo {
  /** Every finding with the code has this severity: an error fails the run, a warning does not. */
  severity: Finding["severity"];
  /** One line: what it means and what to do. */
  meaning: string;
}

/** Keyed by code, so a code without its meaning is a type error. */
export const FINDING_CODES: { readonly [Code in FindingCode]: FindingCodeInfo } = {
  EMPTY: {
    severity: "error",
    meaning: "an object holds no record; the sink never writes one, so something else wrote it or an upload was cut",
  },
  NO_NEWLINE: {
    severity: "error",
    meaning: "an object's last record has no line end, which the sink's JSON and string formats always write",
  },
  NOT_JSON: {
    severity: "error",
    meaning: "a line of a .json object does not parse as JSON; compare it with what the emulator sent",
  },
  FLUSH_SIZE: {
    severity: "error",
    meaning: "an object holds more records than flush.size, or fewer with no time-based rotation configured",
  },
  GAP: { severity: "error", meaning: "offsets between two objects are in neither: records lost on the way to S3" },
  OVERLAP: { severity: "error", meaning: "two objects hold the same offsets: records written to S3 twice" },
  BAD_KEY: {
    severity: "warning",
    meaning: "a key under the prefix that the S3 sink never writes; something else put it there, and it is not checked",
  },
  OTHER_TOPIC: {
    severity: "warning",
    meaning: "objects of a topic that is not the user's: the emulator or the connector names another topic",
  },
  CONNECTOR_FAILED: {
    severity: "error",
    meaning: "a task of the S3 sink connector is FAILED: it writes nothing more until restarted; its trace is shown",
  },
  REFUSED: {
    severity: "error",
    meaning: "the gateway or the REST proxy refused records or calls; the emulator's diagnosis says why",
  },
  ACK_NOT_IN_KAFKA: {
    severity: "error",
    meaning: "the client was told an offset that the Kafka log does not hold: an acknowledged record was lost",
  },
  VALUE_CHANGED: {
    severity: "error",
    meaning: "the Kafka record is not the value the client sent; the two are shown side by side",
  },
  MISSING_IN_S3: {
    severity: "error",
    meaning: "a record in Kafka is in no S3 object, beyond the fewer than flush.size the sink may still hold",
  },
  PRODUCER_DUPLICATE: {
    severity: "warning",
    meaning: "a record no answer named repeats one that an answer did: a timed-out produce was sent again",
  },
  BYTES_DIFFER: {
    severity: "error",
    meaning: "a line is not byte for byte what Confluent's S3 sink writes for its record; the two are shown",
  },
  NOT_IN_KAFKA: { severity: "error", meaning: "S3 holds an offset the Kafka log does not: written by something else" },
  NOT_A_ROW: {
    severity: "warning",
    meaning:
      "a value is not one source row with its numeric id (a list, a wrapper, renamed fields, a JSON string holding it)",
  },
  NO_SOURCE_ROW: { severity: "error", meaning: "a value names a row id that its MySQL table does not have" },
  NOT_THE_SOURCE_ROW: {
    severity: "error",
    meaning: "a value differs from its MySQL row in the fields listed; send the row's columns unchanged",
  },
  DATETIME_FORM: {
    severity: "warning",
    meaning: "datetimes were not sent as json.dumps(default=str) writes them; Spark's to_timestamp needs that pattern",
  },
  ACK_NOT_IN_STREAM: {
    severity: "error",
    meaning:
      "the client was told a sequence number that its stream's shard does not hold: an acknowledged record was lost",
  },
  STREAM_DUPLICATE: {
    severity: "error",
    meaning: "an acknowledged record is read from its shard more than once under its own sequence number",
  },
  STREAM_RETRY_DUPLICATE: {
    severity: "warning",
    meaning:
      "a stream record no answer named repeats one that an answer did: a put the client gave up on was sent again",
  },
  STREAM_OUT_OF_ORDER: {
    severity: "error",
    meaning:
      "records of one partition key are in their shard in another order than the client was told they were stored",
  },
  STREAM_BYTES_DIFFER: {
    severity: "error",
    meaning: "a stream record's data or partition key is not what the gateway's mapping template sent; both are shown",
  },
  EMULATOR_HOST_NOT_SERVED: {
    severity: "error",
    meaning: "the emulator connects to a host pinpipe does not stand in for; point it at the RDS or invoke URL",
  },
  EMULATOR_MISSING_MODULE: {
    severity: "error",
    meaning: "the emulator imports a module its virtualenv lacks; list its distribution in a requirements.txt",
  },
  EMULATOR_EMPTY_RESULT: {
    severity: "error",
    meaning: "an emulator query returned no row; draw offsets below the row count or seed more rows",
  },
  EMULATOR_UNKNOWN_STAGE: {
    severity: "error",
    meaning: "the emulator calls a stage that is not deployed (API Gateway's 403); pass --stage or fix the script",
  },
  EMULATOR_UNKNOWN_TOPIC: {
    severity: "error",
    meaning: "the emulator posts to a topic that does not exist; pass --user-id or fix the topic name",
  },
  EMULATOR_UNSUPPORTED_MEDIA_TYPE: {
    severity: "error",
    meaning: "the REST proxy refused the emulator's Content-Type with 415; send application/vnd.kafka.json.v2+json",
  },
  EMULATOR_UNKNOWN_STREAM: {
    severity: "error",
    meaning: "the emulator puts records to a Kinesis stream that does not exist; pass --user-id or fix the stream name",
  },
  EMULATOR_STALLED: {
    severity: "error",
    meaning: "no record was accepted for a minute while the emulator kept running, so pinpipe stopped it",
  },
  EMULATOR_NOTHING_ARRIVED: {
    severity: "error",
    meaning: "no request reached the gateway; check the script's invoke URL and that it does not wait for input",
  },
  EMULATOR_FAILED: {
    severity: "error",
    meaning: "the emulator exited with an error; its last lines in the report show why",
  },
};

/** A finding with its code's severity, so the two never disagree. */
export function finding(code: FindingCode, details: Omit<Finding, "code" | "severity">): Finding {
  return { severity: FINDING_CODES[code].severity, code, ...details };
}
