import { connect, type Socket } from "node:net";
import type { RdsEvent } from "./events.ts";
import { relayLogin, type ReaderLogin } from "./login.ts";
import { CommandObserver } from "./observe.ts";
import { frame } from "./packets.ts";
import { buildErr, ServerError } from "./responses.ts";
import { SocketPackets } from "./socket-packets.ts";

export interface SessionOptions {
  server: { host: string; port: number };
  reader: ReaderLogin;
  onEvent: (event: RdsEvent) => void;
  /** A client or server that stalls the handshake longer than this loses the connection. */
  handshakeTimeoutMs: number;
  /** How long a closing side may take to flush before it is cut. */
  closeGraceMs: number;
}

/** One client connection and the server connection it is relayed to. */
export class RelaySession {
  readonly closed: Promise<void>;
  private readonly backend: Socket;
  private readonly open = new Set<Socket>();
  private resolveClosed!: () => void;
  private relaying = false;
  private backendConnected = false;

  constructor(
    private readonly client: Socket,
    private readonly options: SessionOptions,
  ) {
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    // Created at once so that stop() and kill() reach it even while it is still connecting.
    this.backend = connect({ host: options.server.host, port: options.server.port });
    this.backend.once("connect", () => (this.backendConnected = true));
    // Answered here and not after an await: the backend's "close" follows its "error" at once, and the client
    // must have its ERR packet by then, or onClose would cut it off.
    this.backend.on("error", (error) => (this.backendConnected ? this.destroy() : this.unreachable(error)));
    client.on("error", () => this.destroy());
    for (const socket of [client, this.backend]) {
      socket.setNoDelay(true);
      this.open.add(socket);
      socket.once("close", () => this.onClose(socket));
    }
  }

  /** Runs the handshake, then relays until either side closes; never rejects. */
  async run(): Promise<void> {
    const timer = setTimeout(() => this.destroy(), this.options.handshakeTimeoutMs);
    timer.unref();
    try {
      await this.handshake();
    } catch {
      this.destroy();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Graceful: lets what is in flight reach its side, then closes both. */
  close(): void {
    if (!this.relaying) return this.destroy();
    for (const socket of this.open) this.endGracefully(socket);
  }

  destroy(): void {
    this.client.destroy();
    this.backend.destroy();
  }

  private async handshake(): Promise<void> {
    const clientPackets = new SocketPackets(this.client, "the client");
    const reached = await new Promise<boolean>((resolve) => {
      this.backend.once("connect", () => resolve(true));
      this.backend.once("close", () => resolve(false));
    });
    if (!reached) return;
    const backendPackets = new SocketPackets(this.backend, "the MySQL server");
    const result = await relayLogin(
      {
        client: clientPackets,
        backend: backendPackets,
        toClient: (bytes) => this.client.write(bytes),
        toBackend: (bytes) => this.backend.write(bytes),
      },
      this.options.reader,
    );
    if (!result.ok) {
      this.endGracefully(this.client, result.reply);
      this.backend.destroy();
      return;
    }
    const event: RdsEvent = { type: "login", user: result.user };
    if (result.database !== undefined) event.database = result.database;
    this.options.onEvent(event);
    const observer = new CommandObserver({
      capabilities: result.capabilities,
      extendedCapabilities: result.extendedCapabilities,
      onEvent: this.options.onEvent,
    });
    this.relaying = true;
    this.forward(this.client, this.backend, clientPackets.release(), (chunk) => observer.fromClient(chunk));
    this.forward(this.backend, this.client, backendPackets.release(), (chunk) => observer.fromServer(chunk));
  }

  /** Bytes go out first and are looked at after, so observing never holds them back. */
  private forward(from: Socket, to: Socket, early: Buffer, observe: (chunk: Buffer) => void): void {
    const pass = (chunk: Buffer): void => {
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => from.resume());
      }
      observe(chunk);
    };
    if (early.length > 0) pass(early);
    from.on("data", pass);
    from.on("end", () => this.endGracefully(to));
    from.resume();
  }

  private endGracefully(socket: Socket, last?: Buffer): void {
    if (socket.destroyed || socket.writableEnded) return;
    if (last) socket.end(last);
    else socket.end();
    socket.setTimeout(this.options.closeGraceMs, () => socket.destroy());
  }

  private unreachable(error: Error): void {
    const { host, port } = this.options.server;
    const message = `The RDS endpoint cannot reach the MySQL server at ${host}:${port}: ${error.message}`;
    this.endGracefully(this.client, frame(0, buildErr({ ...ServerError.Unknown, message })));
  }

  private onClose(socket: Socket): void {
    this.open.delete(socket);
    const other = socket === this.client ? this.backend : this.client;
    // A side that vanished without ending cleanly takes the other with it; a clean end lets it flush first.
    if (!other.writableEnded) other.destroy();
    if (this.open.size === 0) this.resolveClosed();
  }
}
