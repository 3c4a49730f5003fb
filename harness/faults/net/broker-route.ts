import { connect as connectTcp, isIP } from "node:net";
import { connect as connectTls } from "node:tls";
import type { ISocketFactory } from "kafkajs";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import type { Address } from "./connection.ts";

export type AddressMap = (host: string, port: number) => Address;

/** kafkajs's own socket factory turns keep-alive on with this delay; a routed socket behaves the same. */
const KAFKAJS_KEEP_ALIVE_MS = 60_000;

/**
 * A kafkajs socketFactory that connects wherever `map` sends a broker address. kafkajs connects to the bootstrap
 * address first and then to each broker's advertised address from the metadata, so a proxy only in front of the
 * bootstrap port is bypassed; routing every connection through the map puts each broker behind its own proxy.
 * TLS still names the broker (SNI, certificate check), since the proxy only relays bytes.
 */
export function brokerRoute(map: AddressMap): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const to = map(host, port);
    const socket = ssl
      ? connectTls(
          Object.assign({ host: to.host, port: to.port }, isIP(host) ? {} : { servername: host }, ssl),
          onConnect,
        )
      : connectTcp({ host: to.host, port: to.port }, onConnect);
    socket.setKeepAlive(true, KAFKAJS_KEEP_ALIVE_MS);
    return socket;
  };
}

const key = (host: string, port: number): string => `${host.toLowerCase()}:${port}`;

/**
 * An AddressMap from fixed routes. An address with no route is an error rather than a direct connection: a client
 * that quietly went around the proxy would make a fault look harmless.
 */
/** Each broker's own address and the address to connect to instead: plain data, so it can cross threads. */
export type BrokerRoutes = Array<{ from: Address; to: Address }>;

export function routeTable(routes: BrokerRoutes): AddressMap {
  const table = new Map(routes.map(({ from, to }) => [key(from.host, from.port), { ...to }]));
  return (host, port) => {
    const to = table.get(key(host, port));
    if (to) return to;
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `no fault proxy routes ${host}:${port} (routed: ${[...table.keys()].join(", ") || "none"}); ` +
        "start one proxy per broker, for the address each broker advertises",
      { context: { host, port } },
    );
  };
}
