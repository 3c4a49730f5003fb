import { readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { ErrorCode, PinpipeError } from "../errors.ts";

function listenOnce(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** The lowest port Linux hands out for outgoing connections (ip_local_port_range); 32768 when unknown. */
export function ephemeralPortFloor(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** Ports below this are left to well-known and registered services. */
const LOWEST_PICKED_PORT = 10000;

/**
 * A free port on `host` for a server in another process (Kafka, MySQL, S3Proxy), which binds it a moment later.
 * It is picked below the kernel's range for outgoing connections: a port from that range (what `listen(0)` gives)
 * can be taken in that moment as the local end of any outgoing connection, and the server then fails to bind.
 * Falls back to a port the kernel picks when no port below the range is free.
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const floor = ephemeralPortFloor();
  for (let attempt = 0; attempt < 20 && floor > LOWEST_PICKED_PORT; attempt++) {
    const port = LOWEST_PICKED_PORT + Math.floor(Math.random() * (floor - LOWEST_PICKED_PORT));
    try {
      return await listenOnce(port, host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EADDRINUSE" && code !== "EACCES") throw error;
    }
  }
  return listenOnce(0, host);
}

export async function freePorts(count: number, host = "127.0.0.1"): Promise<number[]> {
  const ports = new Set<number>();
  // Asking one at a time can hand back a port twice once it is closed again, so collect distinct ones.
  while (ports.size < count) ports.add(await freePort(host));
  return [...ports];
}

function portInUse(port: number, host: string, component: string, cause: unknown): PinpipeError {
  return new PinpipeError(
    ErrorCode.PortInUse,
    `${component} cannot listen on ${host}:${port}: the port is in use. ` +
      `Stop what holds it (\`ss -ltnp 'sport = :${port}'\` shows it) or choose another port (0 picks a free one).`,
    { context: { component, host, port }, cause },
  );
}

/**
 * Starts a server listening on host:port (0: a free port) and returns the port it got; a taken port or any
 * other failure becomes a PinpipeError naming the component.
 */
export async function listenOn(server: Server, port: number, host: string, component: string): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "EADDRINUSE") throw portInUse(port, host, component, cause);
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `${component} could not listen on ${host}:${port}: ${(cause as Error).message}`,
      { context: { component, host, port }, cause },
    );
  }
  return (server.address() as AddressInfo).port;
}

/** Fails with a message naming the fix when a fixed port (such as the REST proxy's 8082) is taken. */
export async function assertPortFree(port: number, host: string, component: string): Promise<void> {
  try {
    await listenOnce(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EADDRINUSE" && code !== "EACCES") throw error;
    throw portInUse(port, host, component, error);
  }
}
