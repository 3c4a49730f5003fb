import type { RequestEvent } from "./types.ts";

/** The picture's colours, shared by the pictures and their legend. */
export const COLOURS = {
  "2xx": "#2e7d32",
  "3xx": "#546e7a",
  "4xx": "#ef6c00",
  "5xx": "#c62828",
  failed: "#b00020",
  warned: "#a66f00",
  record: "#263238",
  pending: "#9e9e9e",
  object: "#bbdefb",
  objectEdge: "#1565c0",
  objectMarked: "#f8bbd0",
  delay: "#6a1b9a",
  grid: "#e0e0e0",
  panel: "#fafafa",
} as const;

/** The colour of an answer's status class; no answer at all counts as a server failure. */
export function statusColour(status: number): string {
  if (status >= 500 || status < 200) return COLOURS["5xx"];
  if (status >= 400) return COLOURS["4xx"];
  return status >= 300 ? COLOURS["3xx"] : COLOURS["2xx"];
}

/** A call that failed, whole or for some of its records: drawn as an ×. */
export function requestFailed(request: RequestEvent): boolean {
  return request.status >= 400 || request.refused > 0;
}
