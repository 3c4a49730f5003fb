/**
 * JAX-RS content negotiation as Jersey does it for both of pinpipe's Java servers (the REST proxy on rest-utils, the
 * Connect REST API): 406 and 415 and the response type all fall out of the resources' @Consumes and @Produces types
 * and their server-side quality weights.
 */

/** A type a resource method can produce, with its server-side quality (JAX-RS `qs`). */
export interface Offer {
  type: string;
  qs: number;
}

export interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  /** Order in the header, for ties. */
  index: number;
}

function parseOne(part: string, index: number): MediaRange | undefined {
  const [main = "", ...params] = part.split(";");
  const [type, subtype] = main.trim().toLowerCase().split("/");
  if (!type || !subtype) return undefined;
  let q = 1;
  for (const p of params) {
    const [k, v] = p.split("=");
    if (k?.trim().toLowerCase() === "q" && v !== undefined) {
      const n = Number(v.trim());
      if (!Number.isNaN(n)) q = n;
    }
  }
  return { type: type.trim(), subtype: subtype.trim(), q, index };
}

/** Parses an Accept header; an absent or empty header means `*\/*`. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === "") return [{ type: "*", subtype: "*", q: 1, index: 0 }];
  const out: MediaRange[] = [];
  header.split(",").forEach((part, i) => {
    const r = parseOne(part, i);
    if (r) out.push(r);
  });
  return out;
}

/** The bare `type/subtype` of a Content-Type header, lower-cased, or undefined when absent. */
export function bareType(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const t = header.split(";")[0]?.trim().toLowerCase();
  return t === "" ? undefined : t;
}

function specificity(r: MediaRange): number {
  if (r.type === "*") return 0;
  if (r.subtype === "*") return 1;
  return 2;
}

function matches(r: MediaRange, type: string): boolean {
  const [t, s] = type.split("/");
  return (r.type === "*" || r.type === t) && (r.subtype === "*" || r.subtype === s);
}

/**
 * Picks the offered type with the highest client q × server qs; ties go to the more specific Accept range,
 * then to the resource's declaration order. Returns undefined when nothing is acceptable (406).
 */
export function negotiate(accept: MediaRange[], offers: readonly Offer[]): string | undefined {
  let best: { type: string; score: number; spec: number; order: number } | undefined;
  offers.forEach((offer, order) => {
    let chosen: MediaRange | undefined;
    for (const r of accept) {
      if (!matches(r, offer.type)) continue;
      if (!chosen || specificity(r) > specificity(chosen)) chosen = r;
    }
    if (!chosen || chosen.q <= 0) return;
    const score = chosen.q * offer.qs;
    const spec = specificity(chosen);
    if (
      !best ||
      score > best.score ||
      (score === best.score && spec > best.spec) ||
      (score === best.score && spec === best.spec && order < best.order)
    ) {
      best = { type: offer.type, score, spec, order };
    }
  });
  return best?.type;
}

/** True when the request's Content-Type is one of the resource's consumed types (absent matches anything). */
export function consumes(contentType: string | undefined, accepted: readonly string[] | "any"): boolean {
  if (accepted === "any" || contentType === undefined) return true;
  return accepted.includes(contentType);
}

/**
 * The type of an error body written before any resource method ran (404/405/415/406): the first Accept entry that
 * is one of the server's error types, else the first of them. `strict` (406) returns undefined instead of the
 * default: Jersey then finds no writer the client accepts for the error entity, and the answer has no body.
 */
export function errorTypeFromAccept(
  header: string | undefined,
  errorTypes: readonly string[],
  strict = false,
): string | undefined {
  if (header !== undefined) {
    for (const r of parseAccept(header).sort((a, b) => a.index - b.index)) {
      const t = `${r.type}/${r.subtype}`;
      if (errorTypes.includes(t)) return t;
    }
  }
  return strict ? undefined : errorTypes[0];
}
