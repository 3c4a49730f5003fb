import type { MockIntegration } from "../setup.ts";
import { malformed, unsupported, type Place } from "./place.ts";
import { readResponses, type ExportedResponse } from "./responses.ts";
import { isObject, optionalString, optionalStringMap, type JsonObject } from "./values.ts";

/** The content type the gateway's MOCK answers with, and so the only response template it can use. */
const JSON_TYPE = "application/json";

/**
 * The status a MOCK's request template selects with: `{"statusCode": 200}`, as the console writes it. The gateway's
 * MOCK is fixed, so every template must name the same status. With no template the selection uses 200 [X: not
 * measured on AWS].
 */
function selectedStatus(templates: Record<string, string> | undefined, place: Place): number {
  const statuses = new Set<number>();
  for (const [type, template] of Object.entries(templates ?? {})) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(template);
    } catch {
      parsed = undefined;
    }
    const status = isObject(parsed) ? parsed.statusCode : undefined;
    if (typeof status !== "number" || !Number.isInteger(status)) {
      throw unsupported(
        place,
        `the mock's request template for ${type} is not a plain {"statusCode": <code>}: pinpipe's gateway serves ` +
          "MOCK integrations with a fixed status",
      );
    }
    statuses.add(status);
  }
  if (statuses.size > 1) {
    throw unsupported(place, `the mock's request templates select different statuses (${[...statuses].join(", ")})`);
  }
  return statuses.values().next().value ?? 200;
}

function selectResponse(responses: ExportedResponse[], status: number, place: Place): ExportedResponse {
  const matching = responses.find((response) => {
    if (response.selectionPattern === undefined) return false;
    try {
      return new RegExp(`^(?:${response.selectionPattern})$`).test(String(status));
    } catch (cause) {
      throw malformed(place, `selection pattern "${response.selectionPattern}" is not a regular expression`, cause);
    }
  });
  const chosen = matching ?? responses.find((response) => response.selectionPattern === undefined);
  if (chosen === undefined) {
    throw unsupported(
      place,
      `no integration response of the mock takes status ${status}, so API Gateway would answer every call with ` +
        "500; add a default response",
    );
  }
  return chosen;
}

function headersOf(response: ExportedResponse, place: Place): Record<string, string> | undefined {
  if (response.responseParameters === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const [target, source] of Object.entries(response.responseParameters)) {
    const name = /^method\.response\.header\.(.+)$/.exec(target)?.[1];
    const literal = /^'(.*)'$/.exec(source)?.[1];
    if (name === undefined || literal === undefined) {
      throw unsupported(
        place,
        `the mock's response parameter ${target} = ${source} is not served: pinpipe's gateway sets ` +
          "method.response.header.<name> to a 'literal' only",
      );
    }
    headers[name] = literal;
  }
  return headers;
}

function bodyOf(response: ExportedResponse, place: Place): string | undefined {
  const templates = response.responseTemplates;
  if (templates === undefined) return undefined;
  const template = templates[JSON_TYPE];
  if (template === undefined) {
    throw unsupported(
      place,
      `the mock answers with templates for ${Object.keys(templates).join(", ")}, but pinpipe's gateway's MOCK ` +
        `answers ${JSON_TYPE} only; add a template for ${JSON_TYPE}`,
    );
  }
  // Text without `$` or `#` renders as itself; anything else would need a request to render against.
  if (/[$#]/.test(template)) {
    throw unsupported(
      place,
      "the mock's response template uses Velocity ($ or #), but pinpipe's gateway's MOCK answers a fixed body",
    );
  }
  return template;
}

/**
 * A `mock` integration, as the console's "Enable CORS" writes for OPTIONS: the request template picks a status,
 * the integration response that status selects gives the answer's status, literal headers and static body.
 */
export function mockIntegration(integration: JsonObject, place: Place): MockIntegration {
  // WHEN_NO_TEMPLATES and NEVER answer 415 to a call whose Content-Type has no template; a fixed MOCK cannot.
  const passthrough = optionalString(integration.passthroughBehavior, place, "passthroughBehavior")?.toUpperCase();
  if (passthrough !== undefined && passthrough !== "WHEN_NO_MATCH") {
    throw unsupported(
      place,
      `a mock with passthroughBehavior ${passthrough} is not served: pinpipe's gateway's MOCK answers every ` +
        "content type; use WHEN_NO_MATCH",
    );
  }
  const status = selectedStatus(optionalStringMap(integration.requestTemplates, place, "requestTemplates"), place);
  const response = selectResponse(readResponses(integration.responses, place) ?? [], status, place);
  const result: MockIntegration = { type: "MOCK", statusCode: response.statusCode };
  const headers = headersOf(response, place);
  if (headers !== undefined) result.headers = headers;
  const body = bodyOf(response, place);
  if (body !== undefined) result.body = body;
  return result;
}
