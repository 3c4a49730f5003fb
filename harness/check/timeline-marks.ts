import { seconds } from "./svg.ts";
import type { Finding, ObjectEvent, RequestEvent } from "./types.ts";

/** The findings a picture marks: by the offset or the object key they name, an error before a warning. */
export interface Marks {
  offsets: Map<number, Finding>;
  keys: Map<string, Finding>;
}

const OFFSET = /^offset (\d+)$/;

export function findingMarks(findings: readonly Finding[]): Marks {
  const marks: Marks = { offsets: new Map(), keys: new Map() };
  const errorsFirst = [...findings].sort((a, b) => Number(a.severity !== "error") - Number(b.severity !== "error"));
  for (const f of errorsFirst) {
    if (f.where === undefined) continue;
    const offset = OFFSET.exec(f.where)?.[1];
    if (offset === undefined) {
      if (!marks.keys.has(f.where)) marks.keys.set(f.where, f);
    } else if (!marks.offsets.has(Number(offset))) marks.offsets.set(Number(offset), f);
  }
  return marks;
}

const problemLine = (finding: Finding | undefined): string => (finding ? `\n${finding.code}: ${finding.message}` : "");

export function requestTitle(r: RequestEvent): string {
  const offsets = r.offsets.length === 0 ? "" : ` → offsets ${Math.min(...r.offsets)}–${Math.max(...r.offsets)}`;
  const refused = r.refused === 0 ? "" : `, ${r.refused} refused`;
  return `request ${r.requestId} at ${seconds(r.atMs)}: HTTP ${r.status} after ${r.latencyMs} ms${offsets}${refused}`;
}

export function objectTitle(o: ObjectEvent, coarseClock: boolean, finding: Finding | undefined): string {
  const when = `in S3 at ${seconds(o.writtenMs ?? 0)}${coarseClock ? " (LastModified, to the second)" : ""}`;
  return `${o.key}\n${when}, offsets ${o.startOffset}–${o.startOffset + o.records - 1}${problemLine(finding)}`;
}

export function recordTitle(offset: number, acceptedMs: number | undefined, note: string, finding?: Finding): string {
  const when = acceptedMs === undefined ? " (no time known)" : `, accepted at ${seconds(acceptedMs)}`;
  return `offset ${offset}${when}${note === "" ? "" : `: ${note}`}${problemLine(finding)}`;
}
