import { JavaMap, javaToString, type JavaValue } from "../json/java-value.ts";
import { DataException, PartitionException, type PartitionInput } from "./partitioner.ts";

/** Takes a record's time for time-based partitioning (`timestamp.extractor`). */
export type TimestampExtractor = (record: PartitionInput, now: number) => number;

const PREFIX = "io.confluent.connect.storage.partitioner.TimeBasedPartitioner$";

export function recordDescription(r: PartitionInput): string {
  return (
    `SinkRecord{kafkaOffset=${r.offset}, timestampType=CreateTime} ConnectRecord{topic='${r.topic}', ` +
    `kafkaPartition=${r.kafkaPartition}, key=null, keySchema=null, value=${javaToString(r.value)}, ` +
    `valueSchema=null, timestamp=${r.timestamp ?? "null"}, headers=ConnectHeaders(headers=)}`
  );
}

const EPOCH_DIGITS = /^-?[0-9]{1,19}$/;

/** Joda's ISO `dateTimeParser` for the common forms; zone-less times are read as UTC. */
function parseIso(text: string): number | undefined {
  const m =
    /^([+-]?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?(?:T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(
      text,
    );
  if (!m) return undefined;
  const ms = Number(((m[7] ?? "") + "000").slice(0, 3));
  let t = Date.UTC(
    Number(m[1]),
    Number(m[2] ?? 1) - 1,
    Number(m[3] ?? 1),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
    ms,
  );
  const z = m[8];
  if (z && z !== "Z") {
    const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(z);
    if (zm) t -= (zm[1] === "-" ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3] ?? 0)) * 60_000;
  }
  return Number.isNaN(t) ? undefined : t;
}

function lookup(value: JavaMap, path: string): JavaValue | undefined {
  let cur: JavaValue | undefined = value;
  for (const part of path.split(".")) {
    if (!(cur instanceof JavaMap)) return undefined;
    cur = cur.entries.find(([k]) => k === part)?.[1];
  }
  return cur;
}

/** Builds the configured extractor; `undefined` for an unknown class name. */
export function timestampExtractor(name: string, field: string): TimestampExtractor | undefined {
  const simple = name.startsWith(PREFIX) ? name.slice(PREFIX.length) : name;
  if (simple === "Wallclock") return (_r, now) => now;
  if (simple === "Record") {
    return (r) => {
      if (r.timestamp === null) {
        throw new PartitionException(
          `Unable to determine timestamp using timestamp.extractor ${PREFIX}RecordTimestampExtractor for record: ${recordDescription(r)}`,
        );
      }
      return r.timestamp;
    };
  }
  if (simple === "RecordField") {
    return (r) => {
      if (!(r.value instanceof JavaMap)) throw new PartitionException("Error encoding partition.");
      const v = lookup(r.value, field);
      if (v === undefined || v === null) {
        throw new DataException(`The field '${field}' does not exist in ${javaToString(r.value)}.`);
      }
      if (typeof v === "bigint") return Number(v);
      if (typeof v === "number") return Math.trunc(v);
      if (typeof v === "string") {
        if (EPOCH_DIGITS.test(v)) return Number(BigInt.asIntN(64, BigInt(v)));
        const t = parseIso(v);
        if (t === undefined) throw new IllegalArgument(`Invalid format: "${v}"`);
        return t;
      }
      throw new PartitionException(`Error extracting timestamp from record field: ${field}`);
    };
  }
  return undefined;
}

/** Joda's parse failure type. */
export class IllegalArgument extends Error {
  override name = "java.lang.IllegalArgumentException";
}
