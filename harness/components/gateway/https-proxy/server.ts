import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import type { GatewayForwarder } from "./forward.ts";
import { HTTPS_PORT, isExecuteApiHost, parseAuthority } from "./hosts.ts";
import type { LeafIssuer } from "./leaf-issuer.ts";

export interface ProxyServerOptions {
  issuer: LeafIssuer;
  forwarder: GatewayForwarder;
  /** Told of each tunnel opened to an execute-api host, for reports of what a script reached. */
  onTunnel?: (host: string) => void;
}

/** The forward proxy, not listening yet, and what its owner needs to shut it down. */
export interface ProxyServer {
  /** Takes `CONNECT` (and refuses every other proxy request). */
  server: Server;
  /** Parses the decrypted requests of every tunnel; never listens. */
  inner: Server;
  /** Client sockets taken over by CONNECT: the outer server no longer tracks them. */
  tunnels: Set<Duplex>;
  /** Resolves once no tunnelled request is being answered. */
  idle(): Promise<void>;
  /** Answers the requests of a TLS connection already decrypted for `host` (a tunnel, or a direct connection). */
  serveDecrypted(tls: TLSSocket, host: string): void;
}

const REFUSAL =
  "pinpipe's proxy only answers API Gateway invoke URLs (https://<api-id>.execute-api.<region>.amazonaws.com); " +
  "there is no network behind it";

function refusalHead(status: 403 | 502, reason: string, body: string): string {
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

export function createProxyServer(options: ProxyServerOptions): ProxyServer {
  const { issuer, forwarder } = options;
  const tunnels = new Set<Duplex>();
  // The CONNECT host each tunnel was opened for, the fallback Host of a request that names none.
  const hostOf = new WeakMap<Duplex, string>();
  let inFlight = 0;
  let waiters: (() => void)[] = [];

  const inner = createServer();
  inner.on("request", (req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    res.on("close", () => {
      inFlight -= 1;
      if (inFlight > 0) return;
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
    });
    forwarder.forward(req, res, hostOf.get(req.socket) ?? "");
  });
  // A client that rejects the certificate or hangs up mid-handshake only loses its own tunnel.
  inner.on("clientError", (_error: Error, socket: Duplex) => socket.destroy());

  const serveDecrypted = (tls: TLSSocket, host: string): void => {
    tls.on("error", () => tls.destroy());
    hostOf.set(tls, host);
    inner.emit("connection", tls);
  };

  const server = createServer();
  // Absolute-form requests (`GET http://host/...`) and anything else that is not CONNECT: nothing goes out.
  server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    const body = `${REFUSAL}: only CONNECT to port ${HTTPS_PORT} of such a host is served\n`;
    res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  });
  server.on("connect", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    const target = parseAuthority(req.url ?? "");
    if (!target || target.port !== HTTPS_PORT || !isExecuteApiHost(target.host)) {
      socket.end(refusalHead(403, "Forbidden", `${REFUSAL}: refused CONNECT ${req.url ?? ""}\n`));
      return;
    }
    tunnels.add(socket);
    socket.on("close", () => tunnels.delete(socket));
    options.onTunnel?.(target.host);
    issuer.contextFor(target.host).then(
      (secureContext) => {
        if (socket.destroyed) return;
        socket.write("HTTP/1.1 200 Connection established\r\n\r\n");
        // Bytes the client sent after the CONNECT head belong to the TLS handshake.
        if (head.length > 0) socket.unshift(head);
        serveDecrypted(new TLSSocket(socket as Socket, { isServer: true, secureContext }), target.host);
      },
      (error: Error) =>
        socket.end(refusalHead(502, "Bad Gateway", `no certificate for ${target.host}: ${error.message}\n`)),
    );
  });

  return {
    server,
    inner,
    tunnels,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    serveDecrypted,
  };
}
