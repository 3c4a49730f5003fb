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

/** `$context.requestTime`: `dd/MMM/yyyy:HH:mm:ss +0000`. */
export function clfTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number): string => String(value).padStart(2, "0");
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

function text(value: number | string | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** Every supported variable name (without `$context.`) and its value; undefined prints `-`. */
export function contextVariables(context: AccessContext): Record<string, string | undefined> {
  const domainPrefix = context.domainName?.split(/[.:]/)[0];
  return {
    requestId: context.requestId,
    extendedRequestId: context.extendedRequestId,
    "identity.sourceIp": context.sourceIp,
    "identity.caller": undefined,
    "identity.user": undefined,
    "identity.userAgent": context.userAgent,
    "identity.apiKey": context.apiKey,
    requestTime: clfTime(context.requestTimeEpoch),
    requestTimeEpoch: text(context.requestTimeEpoch),
    httpMethod: context.httpMethod,
    resourcePath: context.resourcePath,
    resourceId: context.resourceId,
    path: context.path,
    protocol: context.protocol,
    status: text(context.status),
    responseLength: text(context.responseLength),
    responseLatency: text(context.responseLatency),
    integrationLatency: text(context.integrationLatency),
    "integration.latency": text(context.integrationLatency),
    integrationStatus: text(context.integrationStatus),
    "integration.status": text(context.integrationStatus),
    "integration.error": context.integrationErrorMessage,
    integrationErrorMessage: context.integrationErrorMessage,
    "error.message": context.error?.message,
    "error.messageString": context.error?.messageString,
    "error.responseType": context.error?.responseType,
    apiId: context.apiId,
    stage: context.stage,
    accountId: context.accountId,
    domainName: context.domainName,
    domainPrefix,
    // X-Ray tracing is off on the stage, so there is no trace id to print.
    xrayTraceId: undefined,
  };
}

const VARIABLE_NAMES = Object.keys(contextVariables({} as AccessContext)).sort((a, b) => b.length - a.length);
const VARIABLE = new RegExp(`\\$context\\.(${VARIABLE_NAMES.map((name) => name.replace(".", "\\.")).join("|")})`, "g");

function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export function formatTemplate(format: AccessLogFormat): string {
  return format === "json" ? JSON_PRESET : format === "clf" ? CLF_PRESET : format;
}

/** One access-log line for `format` (`json`, `clf` or a `$context.*` template). */
export function formatAccessLog(format: AccessLogFormat, context: AccessContext): string {
  const template = formatTemplate(format);
  const values = contextVariables(context);
  // Inside a JSON template a quote in, say, a User-Agent must not break the line for log tools.
  const escape = template.trimStart().startsWith("{") ? jsonEscape : (value: string): string => value;
  return template.replace(VARIABLE, (_match, name: string) => {
    const value = values[name];
    return value === undefined || value === "" ? "-" : escape(value);
  });
}
