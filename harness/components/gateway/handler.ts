import { setTimeout as sleep } from "node:timers/promises";
import type { AccessContext } from "./access-log.ts";
import { ApiKeys } from "./api-keys.ts";
import { callAwsIntegration } from "./aws-integration.ts";
import type { ActiveFaults } from "./faults.ts";
import type { GatewayError } from "./gateway-errors.ts";
import { gatewayError, unmatchedRouteError } from "./gateway-errors.ts";
import type { HeaderPair } from "./headers.ts";
import {
  firstValues,
  headerValue,
  integrationRequestHeaders,
  leadingHeaders,
  pairsFromRaw,
  remapResponseHeaders,
} from "./headers.ts";
import { apigwId, requestId, traceHeader } from "./ids.ts";
import { UPSTREAM_FAILURE_TO_ERROR, type IntegrationClient, type UpstreamOutcome } from "./integration.ts";
import { buildIntegrationTarget } from "./integration-request.ts";
import type { JournalEntry, JournalFault } from "./journal.ts";
import { journalBody } from "./journal.ts";
import { parseQuery } from "./query.ts";
import type { RouteMatch } from "./routing.ts";
import { Router, apiIdFromHost, splitTarget, stripStage } from "./routing.ts";
import type { AwsIntegration, Integration, ResolvedSetup } from "./setup.ts";
import { HTTP_VERBS } from "./setup.ts";
import { TokenBucket } from "./throttle.ts";

/** A client request once its body is buffered: everything the gateway decides on. */
export interface GatewayRequest {
  method: string;
  /** The request target as received, query included. */
  url: string;
  /** Header names and values alternating, case and order as sent. */
  rawHeaders: string[];
  body: Buffer;
  /** The body went over 10 MB and was not kept. */
  bodyTooLarge?: boolean;
  sourceIp: string;
  /** Whether the client connection stays open after this response. */
  keepAlive: boolean;
}

export interface GatewayResponse {
  status: number;
  headers: HeaderPair[];
  body: Buffer;
}

/** A handled call: the response, plus what the access log and the journal record about it. */
export interface GatewayExchange {
  response: GatewayResponse;
  access: AccessContext;
  /** Present when the handler was asked to journal. */
  journal: JournalEntry | undefined;
}

export interface GatewayHandler {
  handle(request: GatewayRequest): Promise<GatewayExchange>;
  /** Switches run-time faults; undefined restores the start-up setup. Calls already handled keep theirs. */
  setFaults(faults: ActiveFaults | undefined): void;
  /**
   * For a stop or a kill: pending fault delays end now and later calls get none (the calls go on), so that the
   * gateway never waits them out.
   */
  endFaultDelays(): void;
}

export interface HandlerDependencies {
  integration: IntegrationClient;
  /** Build journal entries; off when nothing records them, since they copy both bodies' text. */
  journal?: boolean;
  /** Wall clock in ms, for Date and requestTime; specs pin it. */
  now?: () => number;
}

interface Outcome {
  status: number;
  contentType: string;
  body: Buffer;
  headers: HeaderPair[];
  route?: RouteMatch;
  error?: GatewayError;
  /** `body`: what an AWS integration sent the service (its request template's output), for the journal. */
  upstream?: { method: string; url: string; headers: HeaderPair[]; body?: Buffer; outcome: UpstreamOutcome };
  apiKey?: string;
  fault?: JournalFault;
}

let dateSecond = -1;
let dateText = "";

/** The Date header value; it changes once a second, so it is formatted once a second. */
function httpDate(epoch: number): string {
  const second = Math.floor(epoch / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

let isoSecond = Number.NaN;
let isoPrefix = "";

/** The journal's ISO time: everything up to the milliseconds changes once a second, so it is formatted once a second. */
function isoTime(epoch: number): string {
  if (!Number.isSafeInteger(epoch)) return new Date(epoch).toISOString();
  const second = Math.floor(epoch / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4);
  }
  return `${isoPrefix}${String(epoch - second * 1000).padStart(3, "0")}Z`;
}

function errorOutcome(error: GatewayError, route?: RouteMatch): Outcome {
  const headers: HeaderPair[] = error.errorType === undefined ? [] : [["x-amzn-ErrorType", error.errorType]];
  return {
    status: error.status,
    contentType: error.contentType,
    body: error.body,
    headers,
    error,
    ...(route && { route }),
  };
}

/** What the integration step needs of one call, once its route is found. */
interface IntegrationCall {
  route: RouteMatch;
  request: GatewayRequest;
  verb: string;
  clientHeaders: HeaderPair[];
  /** The first value of each client header, by lower-case name. */
  first: Map<string, string>;
  rawQuery: string | undefined;
  epoch: number;
  callId: string;
}

function mockOutcome(integration: Extract<Integration, { type: "MOCK" }>, route: RouteMatch): Outcome {
  return {
    status: integration.statusCode,
    contentType: "application/json",
    body: Buffer.from(integration.body ?? ""),
    headers: Object.entries(integration.headers ?? {}),
    route,
  };
}

/** The gateway itself, free of sockets: a buffered request in, a response and its log records out. */
export function createGatewayHandler(setup: ResolvedSetup, dependencies: HandlerDependencies): GatewayHandler {
  const router = new Router(setup.resources, setup.apiId);
  const stageBucket = new TokenBucket(setup.throttle);
  // Swapped by setFaults, so that a throttle fault costs the normal path nothing.
  let bucket = stageBucket;
  let faults: ActiveFaults | undefined;
  const faultDelays = new AbortController();
  const apiKeys = new ApiKeys(setup.apiKeys ?? []);
  const now = dependencies.now ?? Date.now;

  /** An AWS service integration: the request template's output goes to the service action, its answer comes back. */
  async function awsCall(integration: AwsIntegration, call: IntegrationCall, timeoutMs: number): Promise<Outcome> {
    const { route, request, verb, clientHeaders, first, rawQuery, epoch, callId } = call;
    const result = await callAwsIntegration(integration, setup.awsEndpoints, dependencies.integration, {
      pathParams: route.pathParams,
      query: parseQuery(rawQuery),
      headers: clientHeaders,
      body: request.body,
      context: {
        requestId: callId,
        apiId: setup.apiId,
        accountId: setup.accountId,
        stage: setup.stage,
        httpMethod: verb,
        resourcePath: route.resource.path,
        resourceId: route.resourceId,
        requestTimeEpoch: epoch,
        identity: { sourceIp: request.sourceIp, userAgent: first.get("user-agent") ?? null },
      },
      epoch,
      timeoutMs,
    });
    const upstream = result.upstream;
    if (!result.ok) return { ...errorOutcome(gatewayError(result.error), route), ...(upstream && { upstream }) };
    return { status: result.status, contentType: result.contentType, body: result.body, headers: [], route, upstream };
  }

  async function proxy(
    integration: Extract<Integration, { type: "HTTP_PROXY" }>,
    call: IntegrationCall,
    timeoutMs: number,
  ): Promise<Outcome> {
    const { route, request, verb, clientHeaders, first, rawQuery, epoch } = call;
    const target = buildIntegrationTarget(integration, {
      pathParams: route.pathParams,
      query: parseQuery(rawQuery),
      headers: clientHeaders,
    });
    if (!target.ok) {
      const outcome = errorOutcome(gatewayError("API_CONFIGURATION_ERROR"), route);
      const failed: UpstreamOutcome = { ok: false, failure: "configuration", detail: target.detail, latencyMs: 0 };
      return { ...outcome, upstream: { method: verb, url: integration.uri, headers: [], outcome: failed } };
    }
    const trace = traceHeader(first.get("x-amzn-trace-id"), epoch);
    let headers = integrationRequestHeaders(clientHeaders, {
      apiId: setup.apiId,
      integrationHost: target.host,
      sourceIp: request.sourceIp,
      traceHeader: trace.header,
    });
    if (target.extraHeaders.length > 0) {
      const mapped = new Set(target.extraHeaders.map(([name]) => name.toLowerCase()));
      headers = [...headers.filter(([name]) => !mapped.has(name.toLowerCase())), ...target.extraHeaders];
    }
    const outcome = await dependencies.integration.send({
      origin: target.origin,
      path: target.path,
      method: verb,
      headers,
      body: request.body,
      timeoutMs,
    });
    const upstream = { method: verb, url: `${target.origin}${target.path}`, headers, outcome };
    if (!outcome.ok) {
      return { ...errorOutcome(gatewayError(UPSTREAM_FAILURE_TO_ERROR[outcome.failure]), route), upstream };
    }
    return {
      status: outcome.status,
      // A backend that names no type gets the REST API default.
      contentType: headerValue(outcome.headers, "content-type") ?? "application/json",
      body: outcome.body,
      headers: remapResponseHeaders(outcome.headers),
      route,
      upstream,
    };
  }

  async function decide(
    request: GatewayRequest,
    clientHeaders: HeaderPair[],
    first: Map<string, string>,
    rawPath: string,
    rawQuery: string | undefined,
    verb: string,
    epoch: number,
    callId: string,
  ): Promise<Outcome> {
    // The size limit sits in front of the API: nothing else is looked at.
    if (request.bodyTooLarge) return errorOutcome(gatewayError("REQUEST_TOO_LARGE"));
    const hostApiId = apiIdFromHost(first.get("host"));
    if (hostApiId !== undefined && hostApiId !== setup.apiId) return errorOutcome(gatewayError("UNKNOWN_STAGE"));
    const resourcePath = stripStage(rawPath, setup.stage);
    if (resourcePath === undefined) return errorOutcome(gatewayError("UNKNOWN_STAGE"));

    const route = router.match(verb, resourcePath);
    if (!route) return errorOutcome(unmatchedRouteError(first.get("authorization")));

    const apiKey = first.get("x-api-key");
    if (route.method.apiKeyRequired ?? setup.apiKeys !== undefined) {
      const refused = apiKeys.check(apiKey);
      if (refused !== undefined) return { ...errorOutcome(gatewayError(refused), route), apiKey };
    }
    if (!bucket.take()) {
      const throttled = errorOutcome(gatewayError("THROTTLED"), route);
      return bucket === stageBucket ? throttled : { ...throttled, fault: { delayMs: 0, cause: "throttle" } };
    }

    const integration = route.method.integration;
    const call: IntegrationCall = { route, request, verb, clientHeaders, first, rawQuery, epoch, callId };
    // The one test faults cost when they are off.
    if (faults !== undefined) return decideUnderFaults(faults, integration, call);
    if (integration.type === "MOCK") return mockOutcome(integration, route);
    return callIntegration(integration, call, integration.timeoutMs ?? setup.timeoutMs);
  }

  /** The integration request of an HTTP proxy or an AWS service integration. */
  function callIntegration(
    integration: Exclude<Integration, { type: "MOCK" }>,
    call: IntegrationCall,
    timeoutMs: number,
  ): Promise<Outcome> {
    return integration.type === "AWS" ? awsCall(integration, call, timeoutMs) : proxy(integration, call, timeoutMs);
  }

  /**
   * The integration step while faults are on. The added latency comes before the integration request, so, as API
   * Gateway measures it, it is gateway time: it counts in the response latency, not in the integration latency,
   * and the integration timeout starts only once the wait is over.
   */
  async function decideUnderFaults(
    active: ActiveFaults,
    integration: Integration,
    call: IntegrationCall,
  ): Promise<Outcome> {
    const { route } = call;
    // Both draws happen on arrival, so a seed picks the same calls whatever order the waits end in.
    const delayMs = active.nextDelayMs();
    const fails = active.nextFails();
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: faultDelays.signal }).catch(() => undefined);
    if (fails) {
      return { ...errorOutcome(gatewayError("INTERNAL_FAILURE"), route), fault: { delayMs, cause: "errorRate" } };
    }
    if (integration.type === "MOCK") return { ...mockOutcome(integration, route), fault: { delayMs, cause: null } };
    const timeoutMs = active.timeoutMs ?? integration.timeoutMs ?? setup.timeoutMs;
    const outcome = await callIntegration(integration, call, timeoutMs);
    const timedOut = outcome.upstream?.outcome.ok === false && outcome.upstream.outcome.failure === "timeout";
    return { ...outcome, fault: { delayMs, cause: timedOut && active.timeoutMs !== undefined ? "timeout" : null } };
  }

  async function handle(request: GatewayRequest): Promise<GatewayExchange> {
    const started = performance.now();
    const epoch = now();
    const clientHeaders = pairsFromRaw(request.rawHeaders);
    const first = firstValues(clientHeaders);
    const callId = requestId(first.get("x-amzn-requestid"));
    const extendedRequestId = apigwId();
    const { rawPath, rawQuery } = splitTarget(request.url);
    // X-HTTP-Method-Override is applied by the gateway and is not forwarded.
    const override = first.get("x-http-method-override")?.trim().toUpperCase();
    const verb =
      override !== undefined && (HTTP_VERBS as readonly string[]).includes(override) ? override : request.method;

    const outcome = await decide(request, clientHeaders, first, rawPath, rawQuery, verb, epoch, callId);

    const headers: HeaderPair[] = [
      ...leadingHeaders({
        date: httpDate(epoch),
        contentType: outcome.contentType,
        contentLength: outcome.body.length,
        keepAlive: request.keepAlive,
        requestId: callId,
      }),
      ...outcome.headers,
      ["x-amz-apigw-id", extendedRequestId],
    ];
    const response: GatewayResponse = { status: outcome.status, headers, body: outcome.body };
    const latencyMs = Math.round(performance.now() - started);
    const upstream = outcome.upstream;
    const upstreamOutcome = upstream?.outcome;

    // Plain literals, not a spread of the ids: a spread followed by many more keys makes a slow dictionary object.
    const access: AccessContext = {
      requestId: callId,
      extendedRequestId,
      sourceIp: request.sourceIp,
      userAgent: first.get("user-agent"),
      requestTimeEpoch: epoch,
      httpMethod: verb,
      resourcePath: outcome.route?.resource.path,
      resourceId: outcome.route?.resourceId,
      path: rawPath,
      protocol: "HTTP/1.1",
      status: outcome.status,
      responseLength: outcome.body.length,
      responseLatency: latencyMs,
      integrationLatency: upstreamOutcome?.latencyMs,
      integrationStatus: upstreamOutcome?.ok ? upstreamOutcome.status : undefined,
      integrationErrorMessage: upstreamOutcome?.ok === false ? upstreamOutcome.detail : undefined,
      error: outcome.error && {
        message: outcome.error.message,
        messageString: outcome.error.messageString,
        responseType: outcome.error.responseType,
      },
      apiId: setup.apiId,
      stage: setup.stage,
      accountId: setup.accountId,
      domainName: first.get("host"),
      apiKey: outcome.apiKey,
    };
    const limit = setup.journalBodyLimit;
    if (dependencies.journal === false) return { response, access, journal: undefined };
    const journal: JournalEntry = {
      time: isoTime(epoch),
      requestId: callId,
      extendedRequestId,
      sourceIp: request.sourceIp,
      method: request.method,
      url: request.url,
      stage: setup.stage,
      resourcePath: outcome.route?.resource.path ?? null,
      status: outcome.status,
      latencyMs,
      request: { headers: clientHeaders, body: journalBody(request.body, limit) },
      response: { headers, body: journalBody(outcome.body, limit, firstValues(headers).get("content-encoding")) },
      integration: upstream
        ? {
            method: upstream.method,
            url: upstream.url,
            headers: upstream.headers,
            ...(upstream.body && { body: journalBody(upstream.body, limit) }),
            status: upstreamOutcome?.ok ? upstreamOutcome.status : null,
            latencyMs: upstreamOutcome?.latencyMs ?? 0,
            error: upstreamOutcome?.ok === false ? upstreamOutcome.detail : null,
          }
        : null,
      error: outcome.error
        ? { responseType: outcome.error.responseType ?? null, message: outcome.error.message }
        : null,
      // Undefined (and so left out of the line) unless faults are on.
      fault: outcome.fault,
    };
    return { response, access, journal };
  }

  function setFaults(next: ActiveFaults | undefined): void {
    faults = next;
    bucket = next?.throttle === undefined ? stageBucket : new TokenBucket(next.throttle);
  }

  function endFaultDelays(): void {
    faultDelays.abort();
  }

  return { handle, setFaults, endFaultDelays };
}
