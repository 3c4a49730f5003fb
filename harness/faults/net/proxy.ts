import { connect, createServer, type Server } from "node:net";
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

/**
 * The proxy's server, not yet listening, so a spec or a stack can listen where it wants. `onRefused` hears of each
 * connection the target refused (the client gets a reset for it: the proxy had already accepted).
 */
export function createFaultProxyServer(
  target: Address,
  initial: NetFault = NO_FAULT,
  onRefused?: () => void,
): FaultProxyServer {
  let current = validateNetFault(initial);
  const live = new Set<ProxiedConnection>();

  const server = createServer({ allowHalfOpen: true }, (client) => {
    if (current.kind === "reset") {
      // Only the reset matters here; the client's own view of it is its business.
      client.on("error", () => {});
      resetSocket(client);
      return;
    }
    live.add(new ProxiedConnection(client, target, current, (gone) => live.delete(gone), onRefused));
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
  /**
   * Refuse connections while the target refuses them, as the client would see without the proxy: once the target
   * refuses one, the proxy stops listening and probes the target until it accepts again. The connection that found
   * it down still gets a reset (it was accepted); `targetDown()` before a planned stop spares even that one.
   */
  followTarget?: boolean;
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
  /** Whether new connections are accepted (false while the target is known to be down). */
  listening(): boolean;
  /**
   * The target is going down: stop listening, so new connections are refused as the target itself would refuse
   * them. Open connections stay; the target ends them as it goes.
   */
  targetDown(): void;
  /** The target is back: listen again on the same host and port. */
  targetUp(): Promise<void>;
  /** Closes the listener and every connection; idempotent. Nothing of the proxy keeps the process alive after. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A TCP proxy in front of `target` whose fault can be switched while connections are open. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const host = options.host ?? "127.0.0.1";
  let stopped: Promise<void> | undefined;
  let listening = true;
  let probing: TargetProbe | undefined;
  const proxy = createFaultProxyServer(options.target, options.fault, () => {
    if (!options.followTarget || !listening || stopped) return;
    targetDown();
    probing = probeUntilAccepted(options.target, () => {
      probing = undefined;
      targetUp().catch(() => undefined);
    });
  });
  const port = await listenOn(proxy.server, options.port ?? 0, host, "fault proxy");

  const targetDown = (): void => {
    if (!listening) return;
    listening = false;
    // Closing only the listener: connections already open stay, and close() completes once they have ended.
    proxy.server.close();
  };
  const targetUp = async (): Promise<void> => {
    probing?.cancel();
    probing = undefined;
    if (listening || stopped) return;
    listening = true;
    await listenOn(proxy.server, port, host, "fault proxy");
  };
  const stop = (): Promise<void> =>
    (stopped ??= new Promise<void>((resolve) => {
      probing?.cancel();
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
    listening: () => listening,
    targetDown,
    targetUp,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

interface TargetProbe {
  cancel(): void;
}

/** How often a proxy that follows its target tries it while it is down: a restart is seen within this. */
const PROBE_INTERVAL_MS = 50;

/** Connects to `target` every PROBE_INTERVAL_MS until a connection is accepted (then closed at once). */
function probeUntilAccepted(target: Address, accepted: () => void): TargetProbe {
  let cancelled = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = (): void => {
    if (cancelled) return;
    const socket = connect({ host: target.host, port: target.port });
    socket.once("connect", () => {
      socket.destroy();
      if (!cancelled) accepted();
    });
    socket.once("error", () => {
      socket.destroy();
      if (!cancelled) timer = setTimeout(attempt, PROBE_INTERVAL_MS);
    });
  };
  timer = setTimeout(attempt, PROBE_INTERVAL_MS);
  return {
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
