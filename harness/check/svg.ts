/** Text and attribute values in SVG and HTML: the five characters markup gives meaning to. */
export function escapeMarkup(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

type AttributeValue = string | number | undefined;

/** Coordinates to a tenth of a pixel: finer only makes the file longer. */
function attributeText(value: string | number): string {
  return typeof value === "number" ? String(Math.round(value * 10) / 10) : escapeMarkup(value);
}

/**
 * One element, its attributes escaped; `children` is markup already. A `title` becomes the element's first
 * child, which browsers show on hover: details without a script.
 */
export function svgElement(
  name: string,
  attributes: Record<string, AttributeValue> & { title?: string },
  children = "",
): string {
  const { title, ...rest } = attributes;
  const attrs = Object.entries(rest)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${attributeText(value)}"`)
    .join("");
  const inner = (title === undefined ? "" : `<title>${escapeMarkup(title)}</title>`) + children;
  return inner === "" ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
}

export function svgText(x: number, y: number, text: string, attributes: Record<string, AttributeValue> = {}): string {
  return svgElement("text", { x, y, ...attributes }, escapeMarkup(text));
}

/** An ×, for what failed: it reads as a failure without colour, too. */
export function svgCross(x: number, y: number, size: number, colour: string, title?: string): string {
  const d = `M${x - size},${y - size}L${x + size},${y + size}M${x - size},${y + size}L${x + size},${y - size}`;
  return svgElement("path", { d, stroke: colour, "stroke-width": 2, fill: "none", title: title || undefined });
}

const TICK_STEPS_S = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Round tick values (in ms) across [0, spanMs], at most about `most` of them. */
export function timeTicks(spanMs: number, most = 10): number[] {
  const stepMs = (TICK_STEPS_S.find((s) => spanMs / 1000 / s <= most) ?? Math.ceil(spanMs / 1000 / most)) * 1000;
  const ticks: number[] = [];
  for (let t = 0; t <= spanMs + 1e-6; t += stepMs) ticks.push(Math.round(t));
  return ticks;
}

/** The round number of seconds at or above `ms`, for the top of a scale. */
export function roundUpMs(ms: number): number {
  const step = TICK_STEPS_S.find((s) => s * 1000 >= ms);
  return step === undefined ? Math.ceil(ms / 3_600_000) * 3_600_000 : step * 1000;
}

/** Seconds for an axis or a tooltip: "12 s", "0.5 s", "1.25 s". */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(s < 10 ? 2 : 1))} s`;
}

export function svgDot(cx: number, cy: number, r: number, fill: string, title?: string): string {
  return svgElement("circle", { cx, cy, r, fill, title });
}

/** A hollow circle: something that should be there and is not (yet). */
export function svgRing(cx: number, cy: number, r: number, stroke: string, title?: string): string {
  return svgElement("circle", { cx, cy, r, fill: "none", stroke, "stroke-width": 1.5, title });
}
