import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { parseFaultAction } from "../faults/actions.ts";

/**
 * When a scripted fault fires: seconds after the emulator started, seconds after the fault before it fired, or
 * once this many records were accepted. One of the three.
 */
export interface FaultTrigger {
  seconds?: number;
  after?: number;
  records?: number;
}

export interface ScriptedFault {
  at: FaultTrigger;
  /** As `pinpipe fault` takes it: `sink kill`, `net rest-proxy->kafka latency=200ms`, `gateway throttle=5`. */
  do: string;
}

/** What must hold when the run is over; every key is optional. */
export interface ScenarioExpectations {
  /** The run's verdict: false for a scenario that shows a bug. */
  ok?: boolean;
  /** At most this many records in Kafka or acknowledged to the client but in no S3 object. */
  lost?: number;
  /** At most this many offsets written to S3 twice. */
  duplicated?: number;
  /** Finding codes that must be in the report. */
  findings?: string[];
  /** Gateway answers by status: `{ "504": ">=1", "200": ">=10", "429": "0" }`. */
  gateway?: Record<string, string>;
  /** Objects in S3 over all partitions, as a condition: `0`, `>=3`. */
  objects?: string;
  /** Records in Kafka the sink still holds (fewer than flush.size), over all partitions: `>=1`. */
  pending?: string;
  /** The median time the gateway took for its 200 answers, in ms, as a condition: `>=400`. */
  latencyMs?: string;
  /** The state of the connector's tasks when checked: RUNNING, FAILED. */
  connector?: string;
  /** Text the trace of a FAILED task holds. */
  trace?: string;
}

export interface Scenario {
  file: string;
  name: string;
  /** What a user of the real pipeline on AWS would see. */
  onAws: string;
  /** What pinpipe shows for it. */
  inPinpipe: string;
  emulator: {
    /** Default: the bundled reference emulator. */
    command?: string;
    /** A folder of fixtures/emulators/ (or a path from the scenario file) the command runs in. */
    folder?: string;
    /** Changes made to a copy of `file` in the folder first: the user's bug. */
    file?: string;
    edits?: Array<[from: string, to: string]>;
  };
  records?: number;
  duration?: number;
  stack: {
    stage?: string;
    partitions?: number;
    brokers?: number;
    /** Connector settings that replace the course's. */
    connector?: Record<string, string>;
    /** kafka-rest.properties entries. */
    restProxy?: Record<string, string>;
  };
  faults: ScriptedFault[];
  expect: ScenarioExpectations;
}

function invalid(file: string, why: string): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, `scenario ${file}: ${why}`, { context: { file } });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function stringMap(file: string, value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) throw invalid(file, `${what} must be a map of settings`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function count(file: string, value: unknown, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw invalid(file, `${what} must be a whole number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function text(file: string, value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") throw invalid(file, `${what} must be a text`);
  return value.trim();
}

function scriptedFault(file: string, value: unknown, index: number): ScriptedFault {
  if (!isRecord(value) || !isRecord(value.at) || typeof value.do !== "string") {
    throw invalid(file, `faults[${index}] must be { at: { seconds | after | records: N }, do: "<fault>" }`);
  }
  const at: FaultTrigger = {};
  for (const key of ["seconds", "after"] as const) {
    const seconds = value.at[key];
    if (seconds === undefined) continue;
    if (typeof seconds !== "number" || seconds < 0) throw invalid(file, `faults[${index}].at.${key} must be >= 0`);
    at[key] = seconds;
  }
  const records = count(file, value.at.records, `faults[${index}].at.records`);
  if (records !== undefined) at.records = records;
  if (Object.keys(at).length !== 1) {
    throw invalid(file, `faults[${index}].at needs one of seconds, after (seconds after the fault before) or records`);
  }
  parseFaultAction(value.do);
  return { at, do: value.do };
}

/** Reads and checks a scenario file; every mistake names the file and the key. */
export async function loadScenario(path: string): Promise<Scenario> {
  const file = resolve(path);
  let raw: unknown;
  try {
    raw = parse(await readFile(file, "utf8"));
  } catch (error) {
    throw invalid(file, (error as Error).message);
  }
  if (!isRecord(raw)) throw invalid(file, "must be a YAML map");
  const emulator = raw.emulator === undefined || raw.emulator === "reference" ? {} : raw.emulator;
  if (!isRecord(emulator)) throw invalid(file, 'emulator must be "reference" or { command, folder, file, edits }');
  const edits = emulator.edits ?? [];
  if (!Array.isArray(edits) || !edits.every((e) => Array.isArray(e) && e.length === 2)) {
    throw invalid(file, "emulator.edits must be a list of [from, to] pairs");
  }
  const stack = isRecord(raw.stack) ? raw.stack : {};
  const expectations = isRecord(raw.expect) ? raw.expect : {};
  const faults = raw.faults ?? [];
  if (!Array.isArray(faults)) throw invalid(file, "faults must be a list");
  const folder = typeof emulator.folder === "string" ? emulator.folder : undefined;
  return {
    file,
    name: text(file, raw.name, "name"),
    onAws: text(file, raw.on_aws, "on_aws"),
    inPinpipe: text(file, raw.in_pinpipe, "in_pinpipe"),
    emulator: {
      ...(typeof emulator.command === "string" && { command: emulator.command }),
      ...(folder !== undefined && { folder: resolve(dirname(file), folder) }),
      ...(typeof emulator.file === "string" && { file: emulator.file }),
      edits: edits.map(([from, to]) => [String(from), String(to)] as [string, string]),
    },
    records: count(file, raw.records, "records"),
    duration: count(file, raw.duration, "duration"),
    stack: {
      ...(typeof stack.stage === "string" && { stage: stack.stage }),
      partitions: count(file, stack.partitions, "stack.partitions"),
      brokers: count(file, stack.brokers, "stack.brokers"),
      connector: stringMap(file, stack.connector, "stack.connector"),
      restProxy: stringMap(file, stack.rest_proxy, "stack.rest_proxy"),
    },
    faults: faults.map((f, i) => scriptedFault(file, f, i)),
    expect: {
      ...(typeof expectations.ok === "boolean" && { ok: expectations.ok }),
      ...(count(file, expectations.lost, "expect.lost") !== undefined && { lost: expectations.lost as number }),
      ...(count(file, expectations.duplicated, "expect.duplicated") !== undefined && {
        duplicated: expectations.duplicated as number,
      }),
      ...(Array.isArray(expectations.findings) && { findings: expectations.findings.map(String) }),
      ...(stringMap(file, expectations.gateway, "expect.gateway") !== undefined && {
        gateway: stringMap(file, expectations.gateway, "expect.gateway"),
      }),
      ...(expectations.objects !== undefined && { objects: String(expectations.objects) }),
      ...(expectations.pending !== undefined && { pending: String(expectations.pending) }),
      ...(expectations.latency_ms !== undefined && { latencyMs: String(expectations.latency_ms) }),
      ...(typeof expectations.connector === "string" && { connector: expectations.connector }),
      ...(typeof expectations.trace === "string" && { trace: expectations.trace }),
    },
  };
}
