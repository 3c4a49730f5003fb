/**
 * The hosts the proxy answers for: a REST API's default endpoint, `<apiId>.execute-api.<region>.amazonaws.com`
 * (`.amazonaws.com.cn` in the China regions). Everything else is refused, as there is no network to reach.
 */
const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/i;

/** The only port AWS serves an invoke URL on. */
export const HTTPS_PORT = 443;

export function isExecuteApiHost(host: string): boolean {
  return EXECUTE_API_HOST.test(host);
}

/** The host and port of a CONNECT target (`host:443`, `[::1]:443`); undefined when it is not one. */
export function parseAuthority(target: string): { host: string; port: number } | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(target);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: (match[1] ?? "").toLowerCase(), port };
}

/**
 * The Host the gateway is shown: the script names the API id of the user's own AWS API, which pinpipe's gateway
 * stands in for, so the id becomes the gateway's (its host check would answer any other id 403, as AWS does for a
 * different API). Region, domain and an explicit port stay as sent.
 */
export function asGatewayHost(host: string, apiId: string): string {
  return host.replace(/^[^.]+(?=\.execute-api\.)/i, apiId);
}
