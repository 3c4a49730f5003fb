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

/** A port the kernel just handed out on `host`; free at the moment of return (the usual small race applies). */
export function freePort(host = "127.0.0.1"): Promise<number> {
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
