import type { Format } from "./files.ts";
import { keyTarget, LINE_PATTERNS, SENTINEL, validValue } from "./patterns.ts";
import type { Hit } from "./types.ts";

interface KeyValue {
  key: string;
  value: string;
  how: string;
}

type Extractor = (line: string) => KeyValue[];

// `key: value`, `key = value`, `"key": "value"`, `export KEY=value`: YAML (block and flow), JSON, INI, TOML,
// .env and shell all fit, as only keys of interest and short unspaced values matter.
const CONFIG_PAIR =
  /(?:^|[\s{,[])(?:export\s+)?(["']?)([A-Za-z_][\w.-]*)\1\s*[:=]\s*(?:"([^"]*)"|'([^']*)'|([^\s,#;{}[\]"']+))/g;

// Python: `stage = "dev"`, `self.stage: str = 'dev'`, and keyword arguments `stage="dev"`; `==` never matches,
// as a quote must follow the single `=`.
const PY_ASSIGN =
  /(?<![\w.])(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*(?::\s*[A-Za-z_][\w[\], .|]*)?=\s*[rRuUfF]{0,2}(["'])([^"'\n]*)\2/g;
// Python dict literals: `{"stage": "dev"}`.
const PY_DICT = /(["'])([A-Za-z_][\w.-]*)\1\s*:\s*[rRuUfF]{0,2}(["'])([^"'\n]*)\3/g;
// Defaults of settings read at run time: `os.getenv("STAGE", "dev")`, `cfg.get("stage", "dev")`, decouple's
// `config("STAGE", default="dev")`; the value used when nothing overrides it.
const PY_DEFAULT =
  /(?:getenv|\.get|\bconfig|setdefault)\(\s*(["'])([A-Za-z_][\w.-]*)\1\s*,\s*(?:default\s*=\s*)?[rRuUfF]{0,2}(["'])([^"'\n]*)\3/g;

type Describe = (key: string) => string;
const asKey: Describe = (key) => `${key} key`;
const asVariable: Describe = (key) => `${key} variable`;
const asDefault: Describe = (key) => `${key} default`;

function pairs(line: string, regex: RegExp, keyGroup: number, valueGroups: number[], how: Describe): KeyValue[] {
  const out: KeyValue[] = [];
  for (const m of line.matchAll(regex)) {
    const key = m[keyGroup];
    const value = valueGroups.map((group) => m[group]).find((v) => v !== undefined);
    if (key !== undefined && value !== undefined) out.push({ key, value, how: how(key) });
  }
  return out;
}

const EXTRACTORS: Record<Format, Extractor> = {
  config: (line) => pairs(line, CONFIG_PAIR, 2, [3, 4, 5], asKey),
  python: (line) => [
    ...pairs(line, PY_ASSIGN, 1, [3], asVariable),
    ...pairs(line, PY_DICT, 2, [4], asKey),
    ...pairs(line, PY_DEFAULT, 2, [4], asDefault),
  ],
  text: () => [],
};

/**
 * The line without its comment, or "" for a comment line: a commented-out URL is what the user no longer runs.
 * A `#` inside quotes is text; in config files a `#` starts a comment only after a blank (`a#b` is a value).
 */
function stripComment(line: string, format: Format): string {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("#")) return "";
  if (format === "config" && (trimmed.startsWith(";") || trimmed.startsWith("//"))) return "";
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "#" && (format !== "config" || i === 0 || /\s/.test(line[i - 1] ?? ""))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Every stage and user-id value a text holds, one per value and line. */
export function scanText(text: string, format: Format): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  const add = (hit: Hit): void => {
    const id = `${hit.target}\0${hit.value}\0${hit.line}`;
    if (seen.has(id) || !validValue(hit.target, hit.value)) return;
    seen.add(id);
    hits.push(hit);
  };
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (!SENTINEL.test(raw)) continue;
    const line = stripComment(raw, format);
    if (line.trim() === "") continue;
    const lineNo = i + 1;
    for (const pattern of LINE_PATTERNS) {
      for (const m of line.matchAll(pattern.regex)) {
        const value = m[pattern.group];
        if (value !== undefined) add({ target: pattern.target, value, line: lineNo, how: pattern.how });
      }
    }
    for (const { key, value, how } of EXTRACTORS[format](line)) {
      const target = keyTarget(key);
      if (target) add({ target, value, line: lineNo, how });
    }
  }
  return hits;
}
