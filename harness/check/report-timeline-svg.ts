import { recordDelays } from "./activity.ts";
import { roundUpMs, seconds, svgDot, svgElement, svgText } from "./svg.ts";
import {
  bottom,
  DELAYS,
  grid,
  HEIGHT,
  label,
  LEFT,
  MAX_MARKS,
  thin,
  OFFSETS,
  PLOT_RIGHT,
  scales,
  WIDTH,
  type Scales,
  type TimelineFrame,
} from "./timeline-layout.ts";
import { findingMarks } from "./timeline-marks.ts";
import { callsAndRecords, objectBars } from "./timeline-records.ts";
import { COLOURS, requestFailed } from "./timeline-style.ts";
import type { PartitionActivity, PartitionReport } from "./types.ts";

/** Each record's time from acceptance to S3, over the time it was accepted, with the median dashed. */
function delays(activity: PartitionActivity, frame: TimelineFrame, s: Scales): string[] {
  const points = recordDelays(activity, frame.s3ResolutionMs);
  const top = roundUpMs(points.reduce((most, d) => Math.max(most, d.delayMs), 1000));
  const y = (ms: number): number => bottom(DELAYS) - (ms / top) * DELAYS.height;
  const parts = [label(DELAYS.top + 10, seconds(top)), label(bottom(DELAYS), "0 s")];
  if (activity.delayMs) {
    const median = y(activity.delayMs.median);
    const title = `median: at most ${seconds(activity.delayMs.median)}`;
    const dashes = { stroke: COLOURS.delay, "stroke-dasharray": "4 3", title };
    parts.push(svgElement("line", { x1: LEFT, x2: PLOT_RIGHT, y1: median, y2: median, ...dashes }));
  }
  for (const d of thin(points)) {
    const title = `offset ${d.offset}: in S3 at most ${seconds(d.delayMs)} after it was accepted`;
    parts.push(svgDot(s.x(d.acceptedMs), y(d.delayMs), 2, COLOURS.delay, title));
  }
  return parts;
}

/**
 * One partition's run as a picture (inline SVG, no script): its calls by answer, the offsets their records got,
 * the objects that hold them, and how long each record took to reach S3. What failed is an ×.
 */
export function timelineSvg(partition: PartitionReport, frame: TimelineFrame): string {
  const activity = partition.activity ?? { requests: [], objects: [] };
  const marks = findingMarks(partition.findings);
  const s = scales(activity, marks, frame);
  const parts = [
    ...grid(frame, s),
    ...objectBars(activity, marks, frame, s),
    ...callsAndRecords(activity, partition.pending ?? 0, marks, s),
    ...delays(activity, frame, s),
  ];
  const timedObjects = activity.objects.filter((o) => o.writtenMs !== undefined).length;
  if (activity.requests.length > MAX_MARKS || timedObjects > MAX_MARKS) {
    const note = `a run this long: ${MAX_MARKS} marks of each kind drawn evenly over it, and every failure`;
    parts.push(svgText(PLOT_RIGHT, HEIGHT - 4, note, { "text-anchor": "end" }));
  }
  if (activity.requests.length === 0 && timedObjects === 0) {
    const note = "no call and no object of this partition has a time";
    parts.push(svgText(LEFT + 8, OFFSETS.top + OFFSETS.height / 2, note));
  }
  const name = `${partition.topic} partition ${partition.partition}`;
  return svgElement(
    "svg",
    {
      class: "timeline",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-label": `${name}: calls, offsets, objects and the delay to S3 over time`,
      "font-family": "system-ui,sans-serif",
      "font-size": 11,
    },
    parts.join(""),
  );
}

/** The picture's numbers in one line, for its caption. */
export function timelineSummary(partition: PartitionReport): string {
  const activity = partition.activity;
  if (!activity) return "no times known";
  const failed = activity.requests.filter(requestFailed).length;
  const delay = activity.delayMs
    ? `; acceptance to S3: median ≤ ${seconds(activity.delayMs.median)}, max ≤ ${seconds(activity.delayMs.max)}`
    : "";
  return `${activity.requests.length} calls (${failed} failed), ${activity.objects.length} objects${delay}`;
}
