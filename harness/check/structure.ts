import { finding, FindingCode } from "./finding-codes.ts";
import type { Finding, PartitionReport, SinkObject } from "./types.ts";

export interface StructureOptions {
  /** The connector's flush.size; when known, every object must hold exactly that many records. */
  flushSize?: number;
  /** rotate.interval.ms or rotate.schedule.interval.ms is set, so objects may close before flush.size. */
  timeRotation?: boolean;
}

function checkObject(object: SinkObject, options: StructureOptions): Finding[] {
  const findings: Finding[] = [];
  const where = object.key;
  if (object.lines.length === 0) {
    findings.push(finding(FindingCode.Empty, { message: "the object holds no record", where }));
    return findings;
  }
  if (!object.endsWithNewline && !object.extension.startsWith("bin")) {
    findings.push(finding(FindingCode.NoNewline, { message: "the last record has no line end", where }));
  }
  if (object.extension.startsWith("json")) {
    const bad = object.lines.findIndex((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
    if (bad >= 0) {
      findings.push(
        finding(FindingCode.NotJson, {
          message: `line ${bad + 1} is not JSON: ${object.lines[bad]?.slice(0, 80)}`,
          where,
        }),
      );
    }
  }
  const count = object.lines.length;
  if (options.flushSize !== undefined) {
    if (count > options.flushSize) {
      findings.push(
        finding(FindingCode.FlushSize, {
          message: `${count} records, more than flush.size=${options.flushSize}`,
          where,
        }),
      );
    } else if (count < options.flushSize && !options.timeRotation) {
      findings.push(
        finding(FindingCode.FlushSize, {
          message: `${count} records, fewer than flush.size=${options.flushSize} with no time-based rotation`,
          where,
        }),
      );
    }
  }
  return findings;
}

/**
 * The checks that need nothing but the objects of one partition: each object well-formed, and the file names'
 * start offsets consistent with the records in them (no gap, no overlap, so nothing lost or written twice).
 */
export function checkPartitionStructure(
  topic: string,
  partition: number,
  objects: readonly SinkObject[],
  options: StructureOptions = {},
): PartitionReport {
  const sorted = [...objects].sort((a, b) => a.startOffset - b.startOffset);
  const findings = sorted.flatMap((object) => checkObject(object, options));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1] as SinkObject;
    const current = sorted[i] as SinkObject;
    const expected = previous.startOffset + previous.lines.length;
    if (current.startOffset > expected) {
      findings.push(
        finding(FindingCode.Gap, {
          message: `offsets ${expected}..${current.startOffset - 1} are in no object`,
          where: current.key,
        }),
      );
    } else if (current.startOffset < expected) {
      findings.push(
        finding(FindingCode.Overlap, {
          message: `offsets ${current.startOffset}..${expected - 1} are also in ${previous.key}`,
          where: current.key,
        }),
      );
    }
  }
  const last = sorted.at(-1);
  return {
    topic,
    partition,
    objects: sorted.length,
    records: sorted.reduce((sum, o) => sum + o.lines.length, 0),
    firstOffset: sorted[0]?.startOffset,
    lastOffset: last ? last.startOffset + last.lines.length - 1 : undefined,
    findings,
  };
}

/** Groups objects by topic and partition and checks each group. */
export function checkStructure(objects: readonly SinkObject[], options: StructureOptions = {}): PartitionReport[] {
  const groups = new Map<string, SinkObject[]>();
  for (const object of objects) {
    const id = `${object.topic}\u0000${object.partition}`;
    groups.set(id, [...(groups.get(id) ?? []), object]);
  }
  return [...groups.values()]
    .map((group) => checkPartitionStructure(group[0]?.topic ?? "", group[0]?.partition ?? 0, group, options))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}
