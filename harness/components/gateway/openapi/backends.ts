import type { Integration, MethodSetup, ResourceSetup } from "../setup.ts";

/** The backends a stack runs, which the export's own hosts stand for. */
export interface StackBackends {
  /** The REST proxy's base URL, e.g. `http://127.0.0.1:8082`: the only HTTP backend a stack has. */
  restProxy: string;
}

/**
 * `http://ec2-1-2-3-4.compute-1.amazonaws.com:8082/{proxy}` becomes `<restProxy>/{proxy}`: scheme, host and port
 * are the stack's, the path and query stay the export's.
 */
export function stackUri(uri: string, backends: StackBackends): string {
  return `${backends.restProxy.replace(/\/+$/, "")}${uri.replace(/^https?:\/\/[^/?#]*/i, "")}`;
}

function pointed(integration: Integration, backends: StackBackends): Integration {
  return integration.type === "HTTP_PROXY" ? { ...integration, uri: stackUri(integration.uri, backends) } : integration;
}

/**
 * The export's resources with every HTTP backend pointed at the stack's REST proxy. AWS integrations keep their
 * uri: the gateway's `awsEndpoints` say where each service listens.
 */
export function pointAtStack(resources: readonly ResourceSetup[], backends: StackBackends): ResourceSetup[] {
  return resources.map((resource) => ({
    path: resource.path,
    methods: Object.fromEntries(
      Object.entries(resource.methods).map(([verb, method]): [string, MethodSetup | undefined] => [
        verb,
        method && { ...method, integration: pointed(method.integration, backends) },
      ]),
    ),
  }));
}
