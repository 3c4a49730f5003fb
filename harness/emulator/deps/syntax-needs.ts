/**
 * Why a line that this Python cannot parse may still be good Python: the grammar it uses and the release that
 * brought it. Only the failing line is looked at, so these are recognisers for the constructs emulators use,
 * not a parser.
 */
export interface SyntaxVerdict {
  /** The Python 3 minor version that accepts the construct; undefined when it is not recognised. */
  minor?: number;
  why: string;
  /** Python 2 code: no Python 3 runs it, so a newer one would not help. */
  python2?: boolean;
}

const BY_MESSAGE: readonly { pattern: RegExp; minor: number; why: string }[] = [
  { pattern: /f-string expression part cannot include a backslash/, minor: 12, why: "an f-string holds a backslash" },
  { pattern: /f-string expression part cannot include '#'/, minor: 12, why: "an f-string holds a comment" },
  {
    pattern: /multiple exception types must be parenthesized/,
    minor: 14,
    why: "`except` lists exception types without parentheses",
  },
];

const BY_LINE: readonly { test: (line: string) => boolean; minor: number; why: string }[] = [
  { test: fStringNestsOwnQuote, minor: 12, why: "an f-string nests quotes of its own kind" },
  {
    test: (line) => /^\s*type\s+[A-Za-z_]\w*\s*(\[.*\])?\s*=/.test(line),
    minor: 12,
    why: "a `type` alias statement (PEP 695)",
  },
  {
    test: (line) => /^\s*(async\s+)?def\s+\w+\s*\[/.test(line) || /^\s*class\s+\w+\s*\[/.test(line),
    minor: 12,
    why: "type parameters on a function or class (PEP 695)",
  },
  { test: (line) => /^\s*except\s*\*/.test(line), minor: 11, why: "`except*` (exception groups)" },
  {
    test: (line) => /^\s*(match|case)\b(?!\s*=)[^=]*:\s*(#.*)?$/.test(line),
    minor: 10,
    why: "a `match` statement",
  },
  { test: (line) => /(?<![\w'"])([tT][rR]?|[rR][tT])["']/.test(line), minor: 14, why: "a template string (t-string)" },
];

/** Explains a SyntaxError (its message and the line it points at) when it is a newer Python's grammar. */
export function explainSyntaxError(line: string, message: string): SyntaxVerdict {
  if (/Missing parentheses in call to '(print|exec)'/.test(message)) {
    return { python2: true, why: "it is Python 2 code (`print` without parentheses)" };
  }
  for (const rule of BY_MESSAGE) if (rule.pattern.test(message)) return { minor: rule.minor, why: rule.why };
  for (const rule of BY_LINE) if (rule.test(line)) return { minor: rule.minor, why: rule.why };
  return { why: `SyntaxError: ${message}` };
}

const STRING_PREFIX = /^(?:[rRbBuUfF]|[fF][rR]|[rR][fF]|[bB][rR]|[rR][bB])?$/;

/**
 * Whether a single-quoted f-string on this line uses its own quote inside a replacement field, as in
 * `f"{row["name"]}"`: valid from 3.12 (PEP 701), where before the inner quote ended the string.
 */
export function fStringNestsOwnQuote(line: string): boolean {
  let i = 0;
  while (i < line.length) {
    const char = line[i] as string;
    if (char === "#") return false;
    if (char !== '"' && char !== "'") {
      i++;
      continue;
    }
    const prefix = /\w*$/.exec(line.slice(0, i))?.[0] ?? "";
    const isPrefix = STRING_PREFIX.test(prefix);
    const triple = line.startsWith(char.repeat(3), i);
    if (isPrefix && /[fF]/.test(prefix) && !triple) {
      const end = scanFString(line, i + 1, char);
      if (end === "nested") return true;
      i = end;
    } else {
      i = skipString(line, i, char, triple);
    }
  }
  return false;
}

/** From just after an f-string's opening quote: the index after its closing quote, or "nested". */
function scanFString(line: string, start: number, quote: string): number | "nested" {
  let depth = 0;
  let i = start;
  while (i < line.length) {
    const char = line[i] as string;
    if (depth === 0) {
      if (char === quote) return i + 1;
      // A backslash escape and a literal `{{` are two characters that open nothing.
      const pair = char === "\\" || (char === "{" && line[i + 1] === "{");
      if (char === "{" && !pair) depth = 1;
      i += pair ? 2 : 1;
      continue;
    }
    if (char === quote) return "nested";
    if (char === '"' || char === "'") {
      // A string of the other kind inside the expression, as 3.11 allows.
      const end = line.indexOf(char, i + 1);
      i = end < 0 ? line.length : end + 1;
      continue;
    }
    if (char === "{") depth++;
    else if (char === "}") depth--;
    i++;
  }
  return line.length;
}

/**
 * From an ordinary string's opening quote: the index after its closing quote (or the line's end). A backslash
 * keeps the next quote inside the string even in a raw string.
 */
function skipString(line: string, start: number, quote: string, triple: boolean): number {
  if (triple) {
    const end = line.indexOf(quote.repeat(3), start + 3);
    return end < 0 ? line.length : end + 3;
  }
  let i = start + 1;
  while (i < line.length) {
    const char = line[i];
    if (char === "\\") i += 2;
    else if (char === quote) return i + 1;
    else i++;
  }
  return line.length;
}
