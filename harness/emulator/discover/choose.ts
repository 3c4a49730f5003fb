import type { Discovered, Found, Sighting } from "./types.ts";

function byPlace(a: Found, b: Found): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

function sighting(found: Found): Sighting {
  return { value: found.value, file: found.file, line: found.line, how: found.how };
}

/**
 * The value for one target: the best-ranked files decide; among them the value seen most often wins, and a tie
 * goes to the value seen first in path order. Every other value is kept, once, at its best-placed sighting.
 */
export function choose(all: readonly Found[]): Discovered | undefined {
  const sorted = [...all].sort(byPlace);
  const best = sorted[0];
  if (!best) return undefined;

  const counts = new Map<string, { count: number; first: Found }>();
  for (const found of sorted) {
    if (found.rank !== best.rank) break;
    const entry = counts.get(found.value);
    if (entry) entry.count++;
    else counts.set(found.value, { count: 1, first: found });
  }
  // Map order is first-seen order, so a strict comparison keeps the earliest value on a tie.
  let winner = counts.values().next().value;
  for (const entry of counts.values()) if (winner && entry.count > winner.count) winner = entry;
  if (!winner) return undefined;

  const others: Sighting[] = [];
  const listed = new Set([winner.first.value]);
  for (const found of sorted) {
    if (listed.has(found.value)) continue;
    listed.add(found.value);
    others.push(sighting(found));
  }
  return { value: winner.first.value, where: sighting(winner.first), others };
}
