import { svgCross, svgDot, svgElement, svgRing } from "./svg.ts";
import { PLOT_RIGHT, REQUESTS, thin, type Scales, type TimelineFrame } from "./timeline-layout.ts";
import { objectTitle, recordTitle, requestTitle, type Marks } from "./timeline-marks.ts";
import { COLOURS, requestFailed, statusColour } from "./timeline-style.ts";
import type { Finding, PartitionActivity, RequestEvent } from "./types.ts";

const markColour = (f: Finding): string => (f.severity === "error" ? COLOURS.failed : COLOURS.warned);

/** Each object as a bar over its offsets, at the time S3 gives, as wide as S3's clock is coarse. */
export function objectBars(activity: PartitionActivity, marks: Marks, frame: TimelineFrame, s: Scales): string[] {
  const timed = activity.objects.filter((o) => o.writtenMs !== undefined);
  return thin(timed, (o) => marks.keys.has(o.key)).map((o) => {
    const finding = marks.keys.get(o.key);
    const written = o.writtenMs ?? 0;
    return svgElement("rect", {
      x: s.x(written),
      y: s.y(o.startOffset + o.records),
      width: Math.max(2, s.x(written + frame.s3ResolutionMs) - s.x(written)),
      height: Math.max(2, s.y(o.startOffset) - s.y(o.startOffset + o.records)),
      fill: finding ? COLOURS.objectMarked : COLOURS.object,
      stroke: finding ? markColour(finding) : COLOURS.objectEdge,
      title: objectTitle(o, frame.s3ResolutionMs >= 1000, finding),
    });
  });
}

/**
 * Calls on the top lane, coloured by answer; their records at the offsets they got, when the client was told.
 * A record in no object is a ring (grey while the sink may still hold it); one a finding names is an ×, at the
 * right edge when no call gave it a time.
 */
export function callsAndRecords(activity: PartitionActivity, pending: number, marks: Marks, s: Scales): string[] {
  const parts: string[] = [];
  const written = new Set(
    activity.objects.flatMap((o) => Array.from({ length: o.records }, (_, i) => o.startOffset + i)),
  );
  const lastWritten = [...written].reduce((a, b) => Math.max(a, b), -1);
  const timed = new Set<number>();
  const telling = (r: RequestEvent): boolean =>
    requestFailed(r) || r.offsets.some((offset) => marks.offsets.has(offset) || !written.has(offset));
  for (const r of thin(activity.requests, telling)) {
    const [cx, cy] = [s.x(r.atMs), REQUESTS.top + REQUESTS.height / 2];
    // A 200 that refused some records is a failure all the same: drawn as a server's failure is.
    const colour = r.status >= 400 ? statusColour(r.status) : COLOURS["5xx"];
    parts.push(
      requestFailed(r)
        ? svgCross(cx, cy, 4, colour, requestTitle(r))
        : svgDot(cx, cy, 3.5, statusColour(r.status), requestTitle(r)),
    );
    const acceptedMs = r.atMs + r.latencyMs;
    for (const offset of r.offsets) {
      timed.add(offset);
      const [x, y] = [s.x(acceptedMs), s.y(offset + 0.5)];
      const finding = marks.offsets.get(offset);
      if (finding) {
        parts.push(svgCross(x, y, 3.5, markColour(finding), recordTitle(offset, acceptedMs, "", finding)));
      } else if (written.has(offset)) {
        parts.push(svgDot(x, y, 2, COLOURS.record, recordTitle(offset, acceptedMs, "")));
      } else if (offset > lastWritten && pending > 0) {
        const note = "still in the sink's buffer (fewer than flush.size)";
        parts.push(svgRing(x, y, 3.5, COLOURS.pending, recordTitle(offset, acceptedMs, note)));
      } else {
        parts.push(svgRing(x, y, 3.5, COLOURS.failed, recordTitle(offset, acceptedMs, "in no S3 object")));
      }
    }
  }
  for (const [offset, finding] of marks.offsets) {
    if (timed.has(offset)) continue;
    const title = recordTitle(offset, undefined, "", finding);
    parts.push(svgCross(PLOT_RIGHT + 16, s.y(offset + 0.5), 3.5, markColour(finding), title));
  }
  return parts;
}
