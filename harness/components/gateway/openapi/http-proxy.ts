import type { HttpProxyIntegration, MethodKey } from "../setup.ts";
import { malformed, unsupported, type Place } from "./place.ts";
import { optionalInteger, optionalString, optionalStringMap, type JsonObject } from "./values.ts";

const TARGET = /^integration\.request\.(path|querystring|header)\.[^.]+$/;
const SOURCE = /^('.*'|method\.request\.(path|querystring|header)\.[^.]+)$/;

/** Mappings the gateway fills in; it has no `$context` values, multi-value sources or request body to map from. */
function requestParameters(value: unknown, place: Place): Record<string, string> | undefined {
  const parameters = optionalStringMap(value, place, "requestParameters");
  for (const [target, source] of Object.entries(parameters ?? {})) {
    if (!TARGET.test(target) || !SOURCE.test(source)) {
      throw unsupported(
        place,
        `request parameter ${target} = ${source} is not served: pinpipe's gateway maps ` +
          "integration.request.(path|querystring|header).<name> from a 'literal' or " +
          "method.request.(path|querystring|header).<name>",
      );
    }
  }
  return parameters;
}

/**
 * An `http_proxy` integration. Its uri stays as the file has it here; `pointAtStack` sends it to the stack's REST
 * proxy. Ignored because API Gateway ignores them for proxy integrations: requestTemplates, passthroughBehavior,
 * the integration responses. Ignored because the backend is the stack's own: connectionType and connectionId (a
 * VPC link only changes the way to a backend that is replaced anyway), tlsConfig, integrationTarget. Ignored
 * because nothing is cached: cacheNamespace and cacheKeyParameters (caching is a stage setting, not in an export).
 */
export function httpProxyIntegration(integration: JsonObject, verb: MethodKey, place: Place): HttpProxyIntegration {
  const uri = optionalString(integration.uri, place, "the integration uri");
  if (uri === undefined || !/^https?:\/\/[^/?#]+/i.test(uri)) {
    throw malformed(place, `the http_proxy integration uri ${uri ?? "(none)"} is not an http or https URL`);
  }
  // The gateway forwards the client's verb, which is what ANY does, or the method's own verb fixed.
  const httpMethod = optionalString(integration.httpMethod, place, "the integration httpMethod")?.toUpperCase();
  if (httpMethod !== undefined && httpMethod !== "ANY" && httpMethod !== verb) {
    throw unsupported(
      place,
      `the http_proxy integration sends every call as ${httpMethod}, but pinpipe's gateway forwards the ` +
        `client's verb; set the integration's httpMethod to ANY${verb === "ANY" ? "" : ` or ${verb}`}`,
    );
  }
  const result: HttpProxyIntegration = { type: "HTTP_PROXY", uri };
  const parameters = requestParameters(integration.requestParameters, place);
  if (parameters !== undefined) result.requestParameters = parameters;
  const timeoutMs = optionalInteger(integration.timeoutInMillis, place, "timeoutInMillis");
  if (timeoutMs !== undefined) result.timeoutMs = timeoutMs;
  return result;
}
