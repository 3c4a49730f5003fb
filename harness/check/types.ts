import type { ConnectorStatus } from "./connector-status.ts";
import type { FindingCode } from "./finding-codes.ts";

/** One thing a check found wrong (or worth a look) in one partition. */
export interface Finding {
  severity: "error" | "warning";
  /** Stable, for scripts: one of the registry in finding-codes.ts, listed in README.md's "Finding codes". */
  code: FindingCode;
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
  /** S3's LastModified (ISO), when the store gave one: S3 and S3Proxy give it to the second. */
  lastModified?: string;
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
  /** The partition over time, for the report's picture; absent when nothing in it has a time. */
  activity?: PartitionActivity;
  findings: Finding[];
}

/** One call in a partition's picture: a produce call that carried its records, or one refused for its topic. */
export interface RequestEvent {
  requestId: string;
  /** From the report's `runStart` to the call reaching the gateway. */
  atMs: number;
  /** How long the gateway took to answer: the client is told at `atMs + latencyMs`. */
  latencyMs: number;
  status: number;
  /** The offsets this partition gave the call's records. */
  offsets: number[];
  /** How many of its records were refused (1 for a call refused whole). */
  refused: number;
}

/** One S3 object in a partition's picture: when S3 says it was written, and the offsets it holds. */
export interface ObjectEvent {
  key: string;
  startOffset: number;
  records: number;
  /** From the report's `runStart` to the object's LastModified; absent when the store gave none. */
  writtenMs?: number;
}

/** What happened in one partition over time, in milliseconds from the report's `runStart`. */
export interface PartitionActivity {
  requests: RequestEvent[];
  objects: ObjectEvent[];
  /**
   * From a record's acceptance (the answer to its call) to its object in S3, over the records in S3: an upper
   * bound, as LastModified may be cut to the second. Absent when no acknowledged record is in S3.
   */
  delayMs?: { median: number; max: number };
}

/** One shard of one of the user's streams: the streaming half's counterpart of a partition's report. */
export interface StreamShardReport {
  stream: string;
  shardId: string;
  /** Records the client was told were stored in this shard (a sequence number came back through the gateway). */
  acknowledged: number;
  /** Records read back from the shard through the Kinesis API. */
  records: number;
  findings: Finding[];
}

export interface CheckReport {
  ok: boolean;
  bucket: string;
  prefix: string;
  partitions: PartitionReport[];
  /**
   * The streaming half, shard by shard; absent when nothing was put to a stream and the streams hold nothing.
   * Its findings count towards `ok` as the partitions' do.
   */
  streams?: StreamShardReport[];
  /** Findings that belong to no partition (keys the sink would never write, say). */
  findings: Finding[];
  /** The zero of every time in the partitions' `activity` (ISO): the first call or object seen. */
  runStart?: string;
  /** How fine S3's LastModified times are: 1000 when every one is a whole second, else 1. */
  s3TimeResolutionMs?: number;
  /** How the emulator ran, when the report is that of `pinpipe run`. */
  emulator?: EmulatorSummary;
  /** The connector's state when the checks ran, as Connect reports it. */
  connector?: ConnectorStatus;
  /** The faults a scenario fired, in order, with their times from the emulator's start. */
  faults?: Array<{ atMs: number; do: string; outcome: string; tookMs?: number; error?: string }>;
  /** What was sent again, when the report is that of `pinpipe replay`. */
  replay?: ReplaySummary;
}

/** A recorded journal sent again to a fresh stack, for the report. */
export interface ReplaySummary {
  journal: string;
  /** 1 = the original timing, 2 = twice as fast, 0 = one after the other without pauses. */
  speed: number;
  sent: number;
  /** Requests the fresh stack answered differently: `recorded→now` status and how many. */
  statusChanges: Record<string, number>;
  /** Requests whose body the journal kept only in part, sent as kept. */
  truncated: number;
  /** Requests that got no answer at all. */
  failed: number;
}

/** The emulator's side of a run, for the report. */
export interface EmulatorSummary {
  command: string;
  /** The folder it ran in. */
  cwd: string;
  stoppedBy: "records" | "duration" | "stalled" | "exited";
  /** What ended it once asked: it had exited already, Enter, SIGINT, SIGTERM or SIGKILL. */
  stopStep: string;
  exitCode: number | null;
  accepted: number;
  /** What pinpipe found and used: stage, user id, packages, AWS names answered. */
  found: string[];
  /** The last lines it printed; shown when the run failed. */
  outputTail: string[];
}
