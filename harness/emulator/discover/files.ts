import { basename, extname } from "node:path";

/**
 * How a file's lines are read: Python source, a key/value config (YAML, JSON, INI, TOML, .env, shell), or only
 * for URLs and names (an entry script of another kind).
 */
export type Format = "python" | "config" | "text";

export interface FileKind {
  format: Format;
  template: boolean;
}

const CONFIG_EXTENSIONS = new Set([".yaml", ".yml", ".json", ".ini", ".cfg", ".toml", ".conf"]);

// Words that mark a file as something to copy and fill in: `.env.example`, `config.sample.yaml`, `template.env`.
const TEMPLATE_WORDS = new Set(["example", "sample", "template", "tmpl", "dist"]);

// Files of a readable type that say nothing about the emulator: a virtualenv's marker, and CI definitions whose
// `stage:` keys name pipeline steps, not API Gateway stages.
const IGNORED_FILES = new Set(["pyvenv.cfg", ".gitlab-ci.yml", ".pre-commit-config.yaml", "package-lock.json"]);

function isEnvFile(name: string): boolean {
  return name === ".env" || name.endsWith(".env") || name.startsWith(".env.");
}

function isTemplateName(name: string): boolean {
  return name
    .toLowerCase()
    .split(".")
    .some((part) => TEMPLATE_WORDS.has(part));
}

/** The kind of a file the scan reads, or undefined for one it leaves alone (notebooks, Markdown, data…). */
export function classifyFile(path: string): FileKind | undefined {
  const name = basename(path);
  if (IGNORED_FILES.has(name)) return undefined;
  const ext = extname(name).toLowerCase();
  if (ext === ".py") return { format: "python", template: false };
  if (CONFIG_EXTENSIONS.has(ext) || isEnvFile(name)) return { format: "config", template: isTemplateName(name) };
  return undefined;
}

/** An entry script is read whatever its type: the user named it, so it is what runs. */
export function classifyEntry(path: string): Format {
  const kind = classifyFile(path);
  if (kind) return kind.format;
  // A shell wrapper sets its variables the way a .env file does (`STAGE=dev python3 main.py`).
  return extname(path).toLowerCase() === ".sh" ? "config" : "text";
}
