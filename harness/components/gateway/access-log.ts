import type { AccessLogFormat } from "./setup.ts";

/** The `$context` facts of one call, as an access-log line can print them. */
export interface AccessContext {
  requestId: string;
  extendedRequestId: string;
  sourceIp: string;
  userAgent: string | undefined;
  requestTimeEpoch: number;
  httpMethod: string;
  resourcePath: string | undefined;
  resourceId: string | undefined;
  path: string;
  protocol: string;
  status: number;
  responseLength: number;
  responseLatency: number;
  integrationLatency: number | undefined;
  integrationStatus: number | undefined;
  integrationErrorMessage: string | undefined;
  error: { message: string; messageString: string; responseType: string | undefined } | undefined;
  apiId: string;
  stage: string;
  accountId: string;
  domainName: string | undefined;
  apiKey: string | undefined;
}

// Each preset key maps to one variable, every value quoted, in the console's order.
const JSON_PRESET = `{${[
  ["requestId", "requestId"],
  ["extendedRequestId", "extendedRequestId"],
  ["ip", "identity.sourceIp"],
  ["caller", "identity.caller"],
  ["user", "identity.user"],
  ["requestTime", "requestTime"],
  ["httpMethod", "httpMethod"],
  ["resourcePath", "resourcePath"],
  ["status", "status"],
  ["protocol", "protocol"],
  ["responseLength", "responseLength"],
]
  .map(([key, variable]) => `"${key}":"$context.${variable}"`)
  .join(",")}}`;

const CLF_PRESET =
  "$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] " +
  '"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength ' +
  "$context.requestId $context.extendedRequestId";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

let clfSecond = Number.NaN;
let clfText = "";

/** `$context.requestTime`: `dd/MMM/yyyy:HH:mm:ss +0000`; it changes once a second, so it is formatted once a second. */
export function clfTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === clfSecond) return clfText;
  const date = new Date(epochMs);
  const two = (value: number): string => String(value).padStart(2, "0");
  clfText =
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
  clfSecond = second;
  return clfText;
}

function text(value: number | string | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** One variable's value, computed only when a template prints it; undefined prints `-`. */
type Lookup = (context: AccessContext) => string | undefined;

const none = (): undefined => undefined;

// Every supported variable name (without `$context.`).
const LOOKUPS: Record<string, Lookup> = {
  requestId: (context) => context.requestId,
  extendedRequestId: (context) => context.extendedRequestId,
  "identity.sourceIp": (context) => context.sourceIp,
  "identity.caller": none,
  "identity.user": none,
  "identity.userAgent": (context) => context.userAgent,
  "identity.apiKey": (context) => context.apiKey,
  requestTime: (context) => clfTime(context.requestTimeEpoch),
  requestTimeEpoch: (context) => text(context.requestTimeEpoch),
  httpMethod: (context) => context.httpMethod,
  resourcePath: (context) => context.resourcePath,
  resourceId: (context) => context.resourceId,
  path: (context) => context.path,
  protocol: (context) => context.protocol,
  status: (context) => text(context.status),
  responseLength: (context) => text(context.responseLength),
  responseLatency: (context) => text(context.responseLatency),
  integrationLatency: (context) => text(context.integrationLatency),
  "integration.latency": (context) => text(context.integrationLatency),
  integrationStatus: (context) => text(context.integrationStatus),
  "integration.status": (context) => text(context.integrationStatus),
  "integration.error": (context) => context.integrationErrorMessage,
  integrationErrorMessage: (context) => context.integrationErrorMessage,
  "error.message": (context) => context.error?.message,
  "error.messageString": (context) => context.error?.messageString,
  "error.responseType": (context) => context.error?.responseType,
  apiId: (context) => context.apiId,
  stage: (context) => context.stage,
  accountId: (context) => context.accountId,
  domainName: (context) => context.domainName,
  domainPrefix: (context) => context.domainName?.split(/[.:]/)[0],
  // X-Ray tracing is off on the stage, so there is no trace id to print.
  xrayTraceId: none,
};

const VARIABLE_NAMES = Object.keys(LOOKUPS).sort((a, b) => b.length - a.length);
const VARIABLE = new RegExp(`\\$context\\.(${VARIABLE_NAMES.map((name) => name.replace(".", "\\.")).join("|")})`, "g");

/** Whether JSON.stringify would escape anything: a control character, `"`, `\\` or a surrogate. */
function needsJsonEscape(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

function jsonEscape(value: string): string {
  return needsJsonEscape(value) ? JSON.stringify(value).slice(1, -1) : value;
}

export function formatTemplate(format: AccessLogFormat): string {
  return format === "json" ? JSON_PRESET : format === "clf" ? CLF_PRESET : format;
}

/** A template split once into literal text and the variables between it. */
interface CompiledTemplate {
  literals: string[];
  lookups: Lookup[];
  escape: boolean;
}

const compiled = new Map<string, CompiledTemplate>();

function compileTemplate(template: string): CompiledTemplate {
  const literals: string[] = [];
  const lookups: Lookup[] = [];
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    literals.push(template.slice(last, match.index));
    lookups.push(LOOKUPS[match[1] ?? ""] ?? none);
    last = match.index + match[0].length;
  }
  literals.push(template.slice(last));
  // Inside a JSON template a quote in, say, a User-Agent must not break the line for log tools.
  return { literals, lookups, escape: template.trimStart().startsWith("{") };
}

/** One access-log line for `format` (`json`, `clf` or a `$context.*` template). */
export function formatAccessLog(format: AccessLogFormat, context: AccessContext): string {
  const template = formatTemplate(format);
  let parts = compiled.get(template);
  if (parts === undefined) {
    parts = compileTemplate(template);
    // Formats come from the stage setup, so there are few; the cap only guards against a caller varying them.
    if (compiled.size >= 64) compiled.clear();
    compiled.set(template, parts);
  }
  const { literals, lookups, escape } = parts;
  let line = literals[0] ?? "";
  for (let index = 0; index < lookups.length; index += 1) {
    const value = lookups[index]!(context);
    line += value === undefined || value === "" ? "-" : escape ? jsonEscape(value) : value;
    line += literals[index + 1] ?? "";
  }
  return line;
}
