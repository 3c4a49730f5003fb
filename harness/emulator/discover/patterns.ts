import type { Target } from "./types.ts";

// API Gateway's rule for a stage name.
const STAGE_VALUE = /^[A-Za-z0-9_-]{1,128}$/;
// The IAM user name the course gives each student, and so the prefix of every topic, stream and bucket.
const USER_ID_VALUE = /^[0-9a-f]{12}$/;

// Values that fill a stage key in templates and defaults without naming a deployed stage.
const STAGE_PLACEHOLDERS =
  /^(?:your\w*|my_?stage|none|null|nil|true|false|undefined|tbd|todo|changeme|change_me|replaceme|replace_me|placeholder|example|x+)$/i;

/**
 * A named pattern over one line: each match gives a value for a target. `group` is the capture holding it.
 * The lookarounds keep a match to a whole name, so `0a3db223d459.pins` or `x0a3db223d459.pin` give nothing.
 */
export interface LinePattern {
  target: Target;
  how: string;
  regex: RegExp;
  group: number;
}

export const LINE_PATTERNS: readonly LinePattern[] = [
  {
    // The invoke URL: https://<api-id>.execute-api.<region>.amazonaws.com/<stage>; a `{` or `$` right after the
    // segment means the stage is filled in at run time, so the literal part is not it.
    target: "stage",
    how: "invoke URL",
    regex: /execute-api\.[a-z0-9-]+\.(?:vpce\.)?amazonaws\.com(?:\.cn)?(?::443)?\/([A-Za-z0-9_-]{1,128})(?![\w{$%-])/gi,
    group: 1,
  },
  {
    target: "userId",
    how: "topic name",
    regex: /(?<![\w.-])([0-9a-f]{12})\.(?:pin|geo|user)(?![\w-]|\.[\w-])/g,
    group: 1,
  },
  {
    target: "userId",
    how: "stream name",
    regex: /(?<![\w.-])streaming-([0-9a-f]{12})-(?:pin|geo|user)(?![\w-])/g,
    group: 1,
  },
  {
    target: "userId",
    how: "bucket name",
    regex: /(?<![\w.-])user-([0-9a-f]{12})-bucket(?![\w-])/g,
    group: 1,
  },
];

/**
 * Every line pattern above and every key `keyTarget` takes holds one of these (keep them in step); the many lines
 * without one are passed over at the cost of a single test, which keeps a scan of a project in the milliseconds.
 */
export const SENTINEL = /stage|user|uid|prefix|execute-api|streaming-|\.pin|\.geo/i;

/** A key's words, lower case: `deploymentStage` → deployment, stage; `API_STAGE` → api, stage. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function endsWith(words: readonly string[], ...tail: string[]): boolean {
  return words.length >= tail.length && tail.every((word, i) => words[words.length - tail.length + i] === word);
}

/**
 * Which target a key names, if any: `stage`, `deployment_stage`, `stageName`…; `user_id`, `uid`, `iam_username`,
 * `topic_prefix`…
 */
export function keyTarget(key: string): Target | undefined {
  const words = keyWords(key);
  if (endsWith(words, "stage") || endsWith(words, "stage", "name") || endsWith(words, "stagename")) return "stage";
  const userWords = ["userid", "uid", "username", "user", "iamuser", "awsuser"];
  if (userWords.some((w) => endsWith(words, w))) return "userId";
  if (endsWith(words, "user", "id") || endsWith(words, "user", "name")) return "userId";
  // `TOPIC_PREFIX=0a3db223d459` for `f"{TOPIC_PREFIX}.{topic}"`: a prefix of twelve hex digits is the user id.
  if (endsWith(words, "prefix")) return "userId";
  return undefined;
}

/** Whether a value can be what the target needs; keys named `user` also hold database logins, for one. */
export function validValue(target: Target, value: string): boolean {
  if (target === "userId") return USER_ID_VALUE.test(value);
  return STAGE_VALUE.test(value) && !STAGE_PLACEHOLDERS.test(value);
}
