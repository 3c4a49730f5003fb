/** One thing a check found wrong (or worth a look) in one partition. */
export interface Finding {
  severity: "error" | "warning";
  /** Stable, for scripts: GAP, OVERLAP, BAD_KEY, FLUSH_SIZE, NOT_JSON, NO_NEWLINE, MISSING, DUPLICATE, ... */
  code: string;
  message: string;
  /** The S3 key or Kafka offset it is about. */
  where?: string;
  /** For differences: what was expected and what was found, shown side by side in the HTML report. */
  expected?: string;
  actual?: string;
  /** What to do about it, when pinpipe knows. */
  fix?: string;
}

/** One acknowledged record followed through the chain: request → offset → object. */
export interface TimelineEntry {
  time: string;
  requestId: string;
  offset: number;
  /** The object holding it; undefined when it is in none. */
  key?: string;
}

/** An object the sink wrote, with the offsets its name and its lines claim. */
export interface SinkObject {
  key: string;
  topic: string;
  partition: number;
  startOffset: number;
  extension: string;
  /** The records in it, one per line (without the line ends). */
  lines: string[];
  /** Whether the body ends with a line end, as the sink's JSON and string formats always write. */
  endsWithNewline: boolean;
  size: number;
}

export interface PartitionReport {
  topic: string;
  partition: number;
  objects: number;
  records: number;
  /** First and last offset covered by the objects; undefined when there are none. */
  firstOffset?: number;
  lastOffset?: number;
  /** Filled in by the checks that compare with Kafka and with what clients were told. */
  kafkaRecords?: number;
  acknowledged?: number;
  /** Records in Kafka that the sink may still hold in its buffer (fewer than flush.size). */
  pending?: number;
  /** The objects, in offset order. */
  keys?: Array<{ key: string; startOffset: number; records: number }>;
  timeline?: TimelineEntry[];
  findings: Finding[];
}

export interface CheckReport {
  ok: boolean;
  bucket: string;
  prefix: string;
  partitions: PartitionReport[];
  /** Findings that belong to no partition (keys the sink would never write, say). */
  findings: Finding[];
  /** How the emulator ran, when the report is that of `pinpipe run`. */
  emulator?: EmulatorSummary;
}

/** The emulator's side of a run, for the report. */
export interface EmulatorSummary {
  command: string;
  /** The folder it ran in. */
  cwd: string;
  stoppedBy: "records" | "duration" | "exited";
  /** What ended it once asked: it had exited already, Enter, SIGINT, SIGTERM or SIGKILL. */
  stopStep: string;
  exitCode: number | null;
  accepted: number;
  /** What pinpipe found and used: stage, user id, packages, AWS names answered. */
  found: string[];
  /** The last lines it printed; shown when the run failed. */
  outputTail: string[];
}
