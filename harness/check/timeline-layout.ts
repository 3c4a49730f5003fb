import { seconds, svgElement, svgText, timeTicks } from "./svg.ts";
import type { Marks } from "./timeline-marks.ts";
import { COLOURS } from "./timeline-style.ts";
import type { CheckReport, PartitionActivity } from "./types.ts";

/** What every picture of a report shares: one time axis, so that the partitions line up. */
export interface TimelineFrame {
  spanMs: number;
  s3ResolutionMs: number;
}

export function timelineFrame(report: CheckReport): TimelineFrame {
  const s3ResolutionMs = report.s3TimeResolutionMs ?? 1;
  let spanMs = 1000;
  for (const { activity } of report.partitions) {
    for (const r of activity?.requests ?? []) spanMs = Math.max(spanMs, r.atMs + r.latencyMs);
    for (const o of activity?.objects ?? []) spanMs = Math.max(spanMs, (o.writtenMs ?? 0) + s3ResolutionMs);
  }
  return { spanMs, s3ResolutionMs };
}

export const WIDTH = 960;
export const HEIGHT = 292;
export const LEFT = 84;
/** Right of the plot, room for findings about offsets that have no time. */
export const PLOT_RIGHT = WIDTH - 44;
export const REQUESTS = { top: 6, height: 24 };
export const OFFSETS = { top: 40, height: 150 };
export const DELAYS = { top: 204, height: 60 };
const AXIS = 270;
/** Marks of one kind a picture draws at most (and every failure besides): a browser still opens it quickly. */
export const MAX_MARKS = 2000;

/** At most about MAX_MARKS of `items`, evenly over the whole run, and every one `keep` asks for. */
export function thin<T>(items: readonly T[], keep: (item: T) => boolean = () => false): T[] {
  if (items.length <= MAX_MARKS) return [...items];
  const step = Math.ceil(items.length / MAX_MARKS);
  return items.filter((item, i) => i % step === 0 || keep(item));
}

export const bottom = (panel: { top: number; height: number }): number => panel.top + panel.height;
export const label = (y: number, text: string): string => svgText(LEFT - 6, y, text, { "text-anchor": "end" });

/** Where things go: time across every panel, offsets up the middle one. */
export interface Scales {
  x: (ms: number) => number;
  y: (offset: number) => number;
  low: number;
  high: number;
}

export function scales(activity: PartitionActivity, marks: Marks, frame: TimelineFrame): Scales {
  const offsets = [
    ...activity.requests.flatMap((r) => r.offsets),
    ...activity.objects.flatMap((o) => [o.startOffset, o.startOffset + o.records - 1]),
    ...marks.offsets.keys(),
  ];
  // A reduce, not a spread: a long run's offsets would overflow the arguments of Math.min.
  const low = offsets.length === 0 ? 0 : offsets.reduce((a, b) => Math.min(a, b));
  const high = offsets.length === 0 ? 1 : offsets.reduce((a, b) => Math.max(a, b)) + 1;
  return {
    low,
    high,
    x: (ms) => LEFT + (Math.max(0, ms) / frame.spanMs) * (PLOT_RIGHT - LEFT),
    y: (offset) => bottom(OFFSETS) - ((offset - low) / (high - low)) * OFFSETS.height,
  };
}

/** The panels, a line and a label per tick of seconds, and what each panel shows. */
export function grid(frame: TimelineFrame, s: Scales): string[] {
  const parts = [REQUESTS, OFFSETS, DELAYS].map((panel) =>
    svgElement("rect", {
      x: LEFT,
      y: panel.top,
      width: PLOT_RIGHT - LEFT,
      height: panel.height,
      fill: COLOURS.panel,
      stroke: COLOURS.grid,
    }),
  );
  for (const tick of timeTicks(frame.spanMs)) {
    parts.push(svgElement("line", { x1: s.x(tick), x2: s.x(tick), y1: REQUESTS.top, y2: AXIS, stroke: COLOURS.grid }));
    parts.push(svgText(s.x(tick), AXIS + 14, seconds(tick), { "text-anchor": "middle" }));
  }
  parts.push(label(REQUESTS.top + 16, "requests"), label(OFFSETS.top + OFFSETS.height / 2 + 4, "offset"));
  if (s.high - 1 > s.low) parts.push(label(OFFSETS.top + 10, String(s.high - 1)));
  parts.push(label(bottom(OFFSETS), String(s.low)));
  parts.push(label(DELAYS.top + DELAYS.height / 2 + 4, "to S3"));
  return parts;
}
