import { COLOURS } from "./timeline-style.ts";
import { escapeMarkup, svgCross, svgDot, svgElement, svgRing } from "./svg.ts";
import type { CheckReport } from "./types.ts";

const swatch = (mark: string): string =>
  svgElement("svg", { width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" }, mark);
const dot = (fill: string, r = 3.5): string => swatch(svgDot(7, 7, r, fill));
const ring = (stroke: string): string => swatch(svgRing(7, 7, 3.5, stroke));
const cross = (colour: string): string => swatch(svgCross(7, 7, 4, colour));
const bar = (fill: string, stroke: string): string =>
  swatch(svgElement("rect", { x: 4, y: 1, width: 6, height: 12, fill, stroke }));

/** How to read the pictures, once above them: each mark as it is drawn, then what it means. */
export function timelineLegend(report: CheckReport): string {
  const coarse = (report.s3TimeResolutionMs ?? 1) >= 1000;
  const items: Array<[string, string]> = [
    [dot(COLOURS["2xx"]), "call answered 2xx"],
    [cross(COLOURS["4xx"]), "answered 4xx"],
    [cross(COLOURS["5xx"]), "5xx, no answer, or records refused in a 200"],
    [dot(COLOURS.record, 2), "a record at its offset, when accepted"],
    [ring(COLOURS.failed), "accepted, in no object"],
    [ring(COLOURS.pending), "still in the sink's buffer"],
    [cross(COLOURS.failed), "a finding names it (amber: a warning; at the right edge: no time known)"],
    [bar(COLOURS.object, COLOURS.objectEdge), "an S3 object: its offsets, when written"],
    [bar(COLOURS.objectMarked, COLOURS.failed), "an object a finding names"],
    [dot(COLOURS.delay, 2), "acceptance to S3, at most; dashed: the median"],
  ];
  const start = report.runStart ? `0 s is ${report.runStart}. ` : "";
  const clock = coarse
    ? "S3 gives its times to the second: an object is drawn a second wide, and each delay drawn is an upper bound. "
    : "";
  return `<p class="legend">${escapeMarkup(start + clock)}${items
    .map(([mark, text]) => `${mark} ${escapeMarkup(text)}`)
    .join(" · ")}. Hover a mark for its details.</p>`;
}
