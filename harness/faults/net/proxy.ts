import { createServer, type Server } from "node:net";
import { listenOn } from "../../runtime/ports.ts";
import { ProxiedConnection, type Address } from "./connection.ts";
import { NO_FAULT, validateNetFault, type NetFault } from "./fault.ts";
import { resetSocket } from "./reset-socket.ts";

export interface FaultProxyServer {
  server: Server;
  /** Applies to open connections and to the ones accepted later. */
  set(fault: NetFault): void;
  fault(): NetFault;
  /** Client connections open through the proxy. */
  connections(): number;
  /** Destroys every proxied connection (both sockets); the listener is the caller's to close. */
  destroyConnections(): void;
}

/** The proxy's server, not yet listening, so a spec or a stack can listen where it wants. */
export function createFaultProxyServer(target: Address, initial: NetFault = NO_FAULT): FaultProxyServer {
  let current = validateNetFault(initial);
  const live = new Set<ProxiedConnection>();

  const server = createServer({ allowHalfOpen: true }, (client) => {
    if (current.kind === "reset") {
      // Only the reset matters here; the client's own view of it is its business.
      client.on("error", () => {});
      resetSocket(client);
      return;
    }
    live.add(new ProxiedConnection(client, target, current, (gone) => live.delete(gone)));
  });

  return {
    server,
    set(fault) {
      const next = validateNetFault(fault);
      current = next;
      for (const connection of [...live]) {
        if (next.kind === "reset") {
          live.delete(connection);
          connection.reset();
        } else {
          connection.apply(next);
        }
      }
    },
    fault: () => current,
    connections: () => live.size,
    destroyConnections() {
      for (const connection of live) connection.destroy();
      live.clear();
    },
  };
}

export interface FaultProxyOptions {
  target: Address;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  fault?: NetFault;
}

export interface FaultProxy {
  host: string;
  port: number;
  target: Address;
  /**
   * Switches the fault for open connections and new ones. `reset` sends a RST both ways at once and to each new
   * connection right after accept. `blackhole` accepts and stalls; what the peers send meanwhile is held (flow
   * control stalls them beyond that) and delivered in order when the fault changes, as TCP delivers it after a
   * partition shorter than its retransmission timeout. An invalid fault throws InvalidOption and changes nothing.
   */
  set(fault: NetFault): void;
  fault(): NetFault;
  connections(): number;
  /** Closes the listener and every connection; idempotent. Nothing of the proxy keeps the process alive after. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A TCP proxy in front of `target` whose fault can be switched while connections are open. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const host = options.host ?? "127.0.0.1";
  const proxy = createFaultProxyServer(options.target, options.fault);
  const port = await listenOn(proxy.server, options.port ?? 0, host, "fault proxy");
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= new Promise<void>((resolve) => {
      proxy.server.close(() => resolve());
      proxy.destroyConnections();
    }));
  return {
    host,
    port,
    target: { ...options.target },
    set: proxy.set,
    fault: proxy.fault,
    connections: proxy.connections,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
