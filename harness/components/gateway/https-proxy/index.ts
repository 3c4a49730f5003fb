import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from "node:tls";
import { listenOn } from "../../../runtime/ports.ts";
import { loadOrCreateCa } from "./ca.ts";
import type { GatewayTarget } from "./forward.ts";
import { createGatewayForwarder } from "./forward.ts";
import { isExecuteApiHost } from "./hosts.ts";
import { createLeafIssuer, type LeafIssuer } from "./leaf-issuer.ts";
import { createProxyServer } from "./server.ts";

export type { GatewayTarget } from "./forward.ts";
export type { LocalCa } from "./ca.ts";
export { loadOrCreateCa } from "./ca.ts";
export { isExecuteApiHost } from "./hosts.ts";
export type { LeafIssuer } from "./leaf-issuer.ts";
export { createLeafIssuer } from "./leaf-issuer.ts";
export type { ProxyServer } from "./server.ts";

export interface ExecuteApiProxyOptions {
  /** The gateway that answers for every execute-api host; a `StartedGateway` will do. */
  gateway: GatewayTarget;
  /** Holds the CA (`<cacheDir>/tls/`), made on first use and reused after. */
  cacheDir: string;
  /** Listener address, 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Told of each execute-api host a client opens a tunnel to (a direct TLS client resolved the name itself). */
  onHost?: (host: string) => void;
}

export interface StartedExecuteApiProxy {
  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY. */
  proxyUrl: string;
  host: string;
  port: number;
  /**
   * A TLS port that answers an execute-api host directly (by its SNI name), for clients that resolve the invoke
   * URL's host to here instead of honouring HTTPS_PROXY.
   */
  tlsPort: number;
  /** The CA certificate the script must trust. */
  caFile: string;
  /**
   * The environment that sends a script's `https://<id>.execute-api.<region>.amazonaws.com` calls here: the proxy
   * for HTTPS (both spellings, as Python reads either), the CA for `requests` and for `ssl`/`urllib`, and loopback
   * kept direct so the stack's own plain-HTTP URLs do not go through it.
   */
  env(): Record<string, string>;
  /** Stops accepting, lets in-flight calls finish, closes every tunnel. Idempotent. */
  stop(): Promise<void>;
  /** Drops every tunnel at once. */
  kill(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** An HTTPS proxy that stands in for `*.execute-api.*.amazonaws.com`, so a script with a hard-coded AWS invoke URL runs unchanged. */
export async function startExecuteApiProxy(options: ExecuteApiProxyOptions): Promise<StartedExecuteApiProxy> {
  const host = options.host ?? "127.0.0.1";
  const ca = await loadOrCreateCa(options.cacheDir);
  const forwarder = createGatewayForwarder(options.gateway);
  const issuer = createLeafIssuer(ca);
  const proxy = createProxyServer({ issuer, forwarder, onTunnel: options.onHost });
  const { server, tunnels } = proxy;

  const direct = createDirectTlsServer(issuer, (tls, name) => {
    tunnels.add(tls);
    tls.on("close", () => tunnels.delete(tls));
    proxy.serveDecrypted(tls, name);
  });
  let port: number;
  let tlsPort: number;
  try {
    port = await listenOn(server, options.port ?? 0, host, "execute-api proxy");
    tlsPort = await listenOn(direct, 0, host, "execute-api TLS endpoint");
  } catch (error) {
    server.close();
    direct.close();
    forwarder.destroy();
    throw error;
  }

  const proxyUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  // The inner server never listens, so Node does not track its connections: the tunnels are closed by hand.
  const dropAll = (): void => {
    server.closeAllConnections();
    for (const socket of tunnels) socket.destroy();
    forwarder.destroy();
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = Promise.all([
        new Promise<void>((resolve) => server.close(() => resolve())),
        new Promise<void>((resolve) => direct.close(() => resolve())),
      ]);
      server.closeIdleConnections();
      await proxy.idle();
      dropAll();
      await closed;
    })();
    return stopping;
  };
  const kill = async (): Promise<void> => {
    dropAll();
    await stop();
  };

  return {
    proxyUrl,
    host,
    port,
    tlsPort,
    caFile: ca.caFile,
    env: () => ({
      HTTPS_PROXY: proxyUrl,
      https_proxy: proxyUrl,
      REQUESTS_CA_BUNDLE: ca.caFile,
      SSL_CERT_FILE: ca.caFile,
      NO_PROXY: "127.0.0.1,localhost,::1",
      no_proxy: "127.0.0.1,localhost,::1",
    }),
    stop,
    kill,
    [Symbol.asyncDispose]: stop,
  };
}

/** A TLS listener that takes each connection's certificate from its SNI name; anything but an execute-api host is dropped. */
function createDirectTlsServer(issuer: LeafIssuer, serve: (tls: TLSSocket, host: string) => void): TlsServer {
  const server = createTlsServer({
    SNICallback: (name, done) => {
      if (!isExecuteApiHost(name)) {
        done(new Error(`pinpipe answers only execute-api hosts, not ${name}`));
        return;
      }
      issuer.contextFor(name).then(
        (context) => done(null, context),
        (error: Error) => done(error),
      );
    },
  });
  server.on("secureConnection", (tls: TLSSocket) => {
    const name = typeof tls.servername === "string" ? tls.servername : "";
    if (!isExecuteApiHost(name)) {
      tls.destroy();
      return;
    }
    serve(tls, name.toLowerCase());
  });
  // A client that rejects the certificate only loses its own connection.
  server.on("tlsClientError", () => undefined);
  return server;
}
