import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

export interface EchoTarget {
  host: string;
  port: number;
  /** Connections the target accepted so far. */
  accepted(): number;
  /** Error codes its sockets saw (ECONNRESET when a reset reached it). */
  errorCodes(): string[];
  close(): Promise<void>;
}

/** A TCP server that sends back every byte it gets, and its end of stream after them. */
export async function startEchoTarget(): Promise<EchoTarget> {
  const sockets = new Set<Socket>();
  const codes: string[] = [];
  let accepted = 0;
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", (error: NodeJS.ErrnoException) => codes.push(error.code ?? error.message));
    socket.pipe(socket);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    host: "127.0.0.1",
    port: (server.address() as AddressInfo).port,
    accepted: () => accepted,
    errorCodes: () => [...codes],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** A port nothing listens on (the usual small race with other processes applies). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A client socket that collects what it receives, with the time each chunk came. */
export interface Client {
  socket: Socket;
  received(): Buffer;
  arrivals: Array<{ at: number; bytes: Buffer }>;
  /** Resolves once `count` bytes have arrived in total. */
  bytes(count: number): Promise<Buffer>;
  ended: Promise<void>;
  error: Promise<NodeJS.ErrnoException>;
}

export async function connectClient(address: { host: string; port: number }): Promise<Client> {
  const socket = connect({ host: address.host, port: address.port, allowHalfOpen: true });
  const arrivals: Array<{ at: number; bytes: Buffer }> = [];
  const waiters: Array<{ count: number; resolve: (data: Buffer) => void }> = [];
  const received = (): Buffer => Buffer.concat(arrivals.map((arrival) => arrival.bytes));
  let total = 0;
  socket.on("data", (chunk: Buffer) => {
    arrivals.push({ at: performance.now(), bytes: chunk });
    total += chunk.length;
    for (const waiter of [...waiters]) {
      if (total < waiter.count) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(received().subarray(0, waiter.count));
    }
  });
  const ended = once(socket, "end").then(() => undefined);
  const error = new Promise<NodeJS.ErrnoException>((resolve) => socket.on("error", resolve));
  // Specs that expect no end or no error leave these pending; that is not a failure.
  ended.catch(() => {});
  // A proxy that resets at accept can beat the connect event; the reset then shows in `error`.
  await Promise.race([once(socket, "connect").catch(() => undefined), error]);
  return {
    socket,
    received,
    arrivals,
    ended,
    error,
    bytes: (count) =>
      total >= count
        ? Promise.resolve(received().subarray(0, count))
        : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
