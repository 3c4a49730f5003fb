/**
 * Malformed request bodies made from well-formed ones the way they go wrong in the wild: cut off anywhere (a
 * client that stops writing, a body built by hand), or with one structural character swapped for another or
 * dropped (a slip of the hand). Deterministic, so a failure names an input that can be replayed.
 */

const STRUCTURAL = new Set(["{", "}", "[", "]", ",", ":", '"']);
const SWAPS = ["]", "}", ",", "x"];

/** Every proper, non-blank prefix of a body. */
function truncations(body: string): string[] {
  const out: string[] = [];
  for (let end = 1; end < body.length; end++) {
    const prefix = body.slice(0, end);
    // A cut inside a surrogate pair would not be text a client sends.
    if (/[\ud800-\udbff]$/.test(prefix) || prefix.trim() === "") continue;
    out.push(prefix);
  }
  return out;
}

/** Each structural character dropped, or swapped for a close marker of either kind, a comma or a letter. */
function slips(body: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (!STRUCTURAL.has(c)) continue;
    out.push(body.slice(0, i) + body.slice(i + 1));
    for (const swap of SWAPS) if (swap !== c) out.push(body.slice(0, i) + swap + body.slice(i + 1));
  }
  return out;
}

/** The malformed variants of some well-formed bodies, each once. */
export function malformedVariants(bodies: readonly string[]): string[] {
  return [...new Set(bodies.flatMap((b) => [...truncations(b), ...slips(b)]))];
}

/** Values of every JSON type and the strings a numeric or textual member may be given. */
const PALETTE = [
  ...[
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "-7",
    "1.5",
    "-0.5",
    "1e3",
    "2147483647.9",
    "-2147483648.5",
    "3000000000",
  ],
  ...["-3000000000", "12345678901234567890", "1e400", '""', '" "', '"x"', '" 12 "', '"+1"', '"null"', '"1.5"', '"٣٤"'],
  ...[
    '"3000000000"',
    '"-3000000000"',
    '"12345678901234567890"',
    '"a\\nb"',
    `"${"y".repeat(600)}"`,
    `"${"9".repeat(1001)}"`,
  ],
  ...["{}", "[]", "[1]", '{"a":1}', "[null]", `${"9".repeat(1001)}`],
];

/**
 * Well-formed v2 produce bodies with one member (or the whole body) of the wrong shape, alone or beside a member
 * the entity does not know, whose refusal Jackson reports only once the object is read.
 */
export function misShapedProduceBodies(): string[] {
  const slots = [
    (v: string) => v,
    (v: string) => `{"records":${v}}`,
    (v: string) => `{"records":[${v}]}`,
    (v: string) => `{"records":[{"value":1},${v}],"foo":1}`,
    (v: string) => `{"records":[{"partition":${v}}]}`,
    (v: string) => `{"records":[{"foo":1,"partition":${v}}]}`,
    (v: string) => `{"records":[{"value":1}],"key_schema":${v}}`,
    (v: string) => `{"foo":1,"records":[{"value":1}],"value_schema_id":${v}}`,
  ];
  return slots.flatMap((slot) => PALETTE.map(slot));
}
