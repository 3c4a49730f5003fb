import { buildConnector } from "undici";

export interface HostPort {
  host: string;
  port: number;
}

/**
 * Where the gateway opens its connections for one integration address instead of the address itself: a
 * network-fault proxy in front of the REST proxy. Only the TCP connection goes there; the request line, the Host
 * header, the journal and the execution log keep the integration's own address, as on AWS.
 */
export interface ConnectRoute {
  from: HostPort;
  to: HostPort;
}

const DEFAULT_PORTS: Record<string, number> = { "http:": 80, "https:": 443 };

/** An undici connector that sends the connections of routed addresses to their stand-in address. */
export function routedConnector(routes: readonly ConnectRoute[]): buildConnector.connector {
  const connect = buildConnector({});
  return (options, callback) => {
    const port = options.port === "" ? (DEFAULT_PORTS[options.protocol] ?? 80) : Number(options.port);
    const route = routes.find((r) => r.from.host === options.hostname && r.from.port === port);
    connect(route ? { ...options, hostname: route.to.host, port: String(route.to.port) } : options, callback);
  };
}
