import { randomBytes } from "node:crypto";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { checkAwsIntegration } from "./aws-integration-setup.ts";
import { corsOptionsMethod } from "./cors.ts";

/** The seven verbs `ANY` stands for; anything else never matches a method. */
export const HTTP_VERBS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;
export type HttpVerb = (typeof HTTP_VERBS)[number];
export type MethodKey = HttpVerb | "ANY";

/** An HTTP_PROXY integration: the client's request, forwarded to `uri` with `{name}` placeholders filled. */
export interface HttpProxyIntegration {
  type: "HTTP_PROXY";
  /** e.g. `http://127.0.0.1:8082/{proxy}`. */
  uri: string;
  /** `integration.request.path.proxy` -> `method.request.path.proxy` and friends; values may be `'literal'`. */
  requestParameters?: Record<string, string>;
  /** Integration timeout, 50 ms or more; defaults to the API-wide `timeoutMs`. */
  timeoutMs?: number;
}

/** A MOCK integration, as the console's "Enable CORS" creates for OPTIONS. */
export interface MockIntegration {
  type: "MOCK";
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** How a method answers for one range of backend statuses: API Gateway's integration response. */
export interface IntegrationResponse {
  /** A regex matched against the whole backend status code, e.g. `4\d{2}`; absent on the default response. */
  selectionPattern?: string;
  statusCode: number;
  /** Templates by content type that rewrite the backend body; without one the body passes through unchanged. */
  responseTemplates?: Record<string, string>;
}

/**
 * What a request whose Content-Type has no request template gets: passed through unchanged (`WHEN_NO_MATCH`),
 * passed through only while the method has no template at all (`WHEN_NO_TEMPLATES`), or refused with 415 (`NEVER`).
 */
export type PassthroughBehavior = "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES" | "NEVER";

/** An AWS service integration: the method request, transformed by a request template, sent to a service action. */
export interface AwsIntegration {
  type: "AWS";
  /** `arn:aws:apigateway:{region}:{service}:action/{Action}`; only the `kinesis` service is served. */
  uri: string;
  /** The verb of the service call; Kinesis actions take POST. */
  httpMethod: string;
  /** The execution role's ARN; kept for the record, since the local service checks no permissions. */
  credentials?: string;
  /** `integration.request.header.<name>` -> `'literal'` or `method.request.(path|querystring|header).<name>`. */
  requestParameters?: Record<string, string>;
  /** Velocity templates by the method request's content type. */
  requestTemplates?: Record<string, string>;
  /** Defaults to WHEN_NO_MATCH, as a new integration gets. */
  passthroughBehavior?: PassthroughBehavior;
  /** Defaults to the console's single default response: status 200, body passed through. */
  integrationResponses?: IntegrationResponse[];
  /** Integration timeout, 50 ms or more; defaults to the API-wide `timeoutMs`. */
  timeoutMs?: number;
}

/** Where the local stand-ins of AWS services listen: what `arn:aws:apigateway:…:<service>:…` uris are sent to. */
export interface AwsEndpoints {
  /** e.g. `http://127.0.0.1:4567`. */
  kinesis?: string;
}

export type Integration = HttpProxyIntegration | MockIntegration | AwsIntegration;

export interface MethodSetup {
  integration: Integration;
  apiKeyRequired?: boolean;
}

export interface ResourceSetup {
  /** `/`, `/topics`, `/topics/{topic}`, `/{proxy+}`. */
  path: string;
  methods: Partial<Record<MethodKey, MethodSetup>>;
}

export interface CorsSetup {
  allowOrigin?: string;
  allowHeaders?: string;
  allowMethods?: string;
}

export interface ThrottleSetup {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Bucket size. */
  burstLimit: number;
}

export interface ApiKeySetup {
  value: string;
  /** Usage-plan quota: calls allowed in total; once used up, 429 Limit Exceeded. */
  quota?: number;
}

export type AccessLogFormat = "json" | "clf" | (string & {});

/** The API Gateway side of the options: what a REST API + deployment + stage would hold. */
export interface GatewaySetup {
  /** Integration base, e.g. `http://127.0.0.1:8082`; the default `/{proxy+}` resource forwards to `<target>/{proxy}`. */
  target: string;
  stage?: string;
  /** Lower-case id used in `X-Amzn-Apigateway-Api-Id`, the default User-Agent and the host form. */
  apiId?: string;
  accountId?: string;
  /** Replaces the default `/{proxy+}` ANY resource when given. */
  resources?: ResourceSetup[];
  /** Adds a console-style MOCK OPTIONS method to every resource that has none (`true` = console defaults). */
  cors?: boolean | CorsSetup;
  /** Integration timeout for every HTTP_PROXY method, default 29000. */
  timeoutMs?: number;
  /** Stage throttling, default 10000 rps / burst 5000. */
  throttle?: ThrottleSetup;
  /** When given, every method requires `x-api-key` with one of these (plus `apiKeyRequired` per method). */
  apiKeys?: (string | ApiKeySetup)[];
  /** Access-log format: `json` (default), `clf`, or a `$context.*` template. */
  accessLogFormat?: AccessLogFormat;
  /** Largest request/response body a journal line keeps, in bytes (default 65536). */
  journalBodyLimit?: number;
  /** Service endpoints for AWS integrations; needed only when a resource has one. */
  awsEndpoints?: AwsEndpoints;
}

export interface ResolvedSetup {
  stage: string;
  apiId: string;
  accountId: string;
  resources: ResourceSetup[];
  timeoutMs: number;
  throttle: ThrottleSetup;
  apiKeys: ApiKeySetup[] | undefined;
  accessLogFormat: AccessLogFormat;
  journalBodyLimit: number;
  awsEndpoints: AwsEndpoints;
}

export const DEFAULT_TIMEOUT_MS = 29_000;
export const MIN_TIMEOUT_MS = 50;
export const DEFAULT_THROTTLE: ThrottleSetup = { rateLimit: 10_000, burstLimit: 5_000 };
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** API Gateway's rule for stage names. */
export function checkStageName(stage: string): void {
  if (!STAGE_NAME.test(stage)) throw invalid(`gateway stage "${stage}" must be 1-128 letters, digits, - or _`);
}

function invalid(message: string, context: Record<string, unknown> = {}): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, message, { context: { component: "gateway", ...context } });
}

/** A 10-character lower-case id, the shape of a real restApiId. */
export function randomApiId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join("");
}

function checkIntegrationUri(uri: string): void {
  const withoutPlaceholders = uri.replace(/\{[^}]*\}/g, "x");
  let url: URL;
  try {
    url = new URL(withoutPlaceholders);
  } catch (cause) {
    throw invalid(`gateway integration uri "${uri}" is not a URL: give e.g. http://127.0.0.1:8082/{proxy}`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalid(`gateway integration uri "${uri}" must be http or https`);
  }
  // API Gateway refuses integration ports outside 80, 443 and 1024-65535.
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  if (port !== 80 && port !== 443 && port < 1024) {
    throw invalid(`gateway integration port ${port} is not allowed: use 80, 443 or 1024-65535`, { uri });
  }
}

function checkTimeout(timeoutMs: number, where: string): void {
  if (!Number.isFinite(timeoutMs) || timeoutMs < MIN_TIMEOUT_MS) {
    throw invalid(`${where} must be at least ${MIN_TIMEOUT_MS} ms; got ${timeoutMs}`);
  }
}

/** The resource a console "{proxy+} + ANY + HTTP proxy integration" setup creates. */
export function proxyResource(target: string, timeoutMs?: number): ResourceSetup {
  const integration: HttpProxyIntegration = {
    type: "HTTP_PROXY",
    uri: `${target.replace(/\/+$/, "")}/{proxy}`,
    requestParameters: { "integration.request.path.proxy": "method.request.path.proxy" },
  };
  if (timeoutMs !== undefined) integration.timeoutMs = timeoutMs;
  return { path: "/{proxy+}", methods: { ANY: { integration } } };
}

/** Validates the setup and fills in the defaults of a freshly deployed REST API. */
export function resolveSetup(setup: GatewaySetup): ResolvedSetup {
  const stage = setup.stage ?? "prod";
  checkStageName(stage);
  const apiId = (setup.apiId ?? randomApiId()).toLowerCase();
  if (!/^[a-z0-9]+$/.test(apiId)) throw invalid(`gateway apiId "${apiId}" must be letters and digits`);
  const timeoutMs = setup.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  checkTimeout(timeoutMs, "gateway timeoutMs");
  const throttle = setup.throttle ?? DEFAULT_THROTTLE;
  if (!(throttle.rateLimit >= 0) || !(throttle.burstLimit >= 0)) {
    throw invalid("gateway throttle rateLimit and burstLimit must be >= 0", { throttle });
  }

  const resources = (setup.resources ?? [proxyResource(setup.target)]).map((resource) => ({
    path: resource.path,
    methods: { ...resource.methods },
  }));
  if (setup.cors) {
    const cors = setup.cors === true ? {} : setup.cors;
    for (const resource of resources) resource.methods.OPTIONS ??= corsOptionsMethod(cors, HTTP_VERBS);
  }
  for (const resource of resources) {
    if (!resource.path.startsWith("/")) throw invalid(`gateway resource path "${resource.path}" must start with /`);
    for (const [verb, method] of Object.entries(resource.methods)) {
      if (verb !== "ANY" && !(HTTP_VERBS as readonly string[]).includes(verb)) {
        throw invalid(`gateway method "${verb}" on ${resource.path} is not one of ANY, ${HTTP_VERBS.join(", ")}`);
      }
      if (method?.integration.type === "HTTP_PROXY") {
        checkIntegrationUri(method.integration.uri);
        if (method.integration.timeoutMs !== undefined) {
          checkTimeout(method.integration.timeoutMs, `gateway timeoutMs of ${verb} ${resource.path}`);
        }
      }
      if (method?.integration.type === "AWS") {
        checkAwsIntegration(method.integration, `${verb} ${resource.path}`, setup.awsEndpoints ?? {});
        if (method.integration.timeoutMs !== undefined) {
          checkTimeout(method.integration.timeoutMs, `gateway timeoutMs of ${verb} ${resource.path}`);
        }
      }
    }
  }

  const apiKeys = setup.apiKeys?.map((key) => (typeof key === "string" ? { value: key } : key));
  return {
    stage,
    apiId,
    accountId: setup.accountId ?? "000000000000",
    resources,
    timeoutMs,
    throttle,
    apiKeys,
    accessLogFormat: setup.accessLogFormat ?? "json",
    journalBodyLimit: setup.journalBodyLimit ?? 65_536,
    awsEndpoints: { ...setup.awsEndpoints },
  };
}
