import type { Socket } from "node:net";
import { type Packet, PacketReader, protocolError } from "./packets.ts";

/** Handshake packets are small; anything this large is not a MySQL client or server. */
const HANDSHAKE_PACKET_LIMIT = 1 << 20;

/**
 * Reads whole packets from a socket during the handshake. `release()` hands the socket back paused, with any
 * bytes that came after the last packet read, so the relay can forward them first.
 */
export class SocketPackets {
  private readonly reader = new PacketReader();
  private waiter: { resolve: (packet: Packet) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.reader.push(chunk);
    if (this.reader.buffered > HANDSHAKE_PACKET_LIMIT)
      this.fail(protocolError(`${this.name} sent an oversized packet`));
    else this.deliver();
  };
  private readonly onEnd = (): void => this.fail(protocolError(`${this.name} closed the connection`));
  private readonly onError = (error: Error): void => this.fail(error);

  constructor(
    private readonly socket: Socket,
    private readonly name: string,
  ) {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("close", this.onEnd);
    socket.on("error", this.onError);
  }

  next(): Promise<Packet> {
    if (this.waiter) return Promise.reject(protocolError("one packet read at a time"));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.deliver();
    });
  }

  release(): Buffer {
    this.socket.pause();
    this.socket.off("data", this.onData);
    this.socket.off("end", this.onEnd);
    this.socket.off("close", this.onEnd);
    this.socket.off("error", this.onError);
    return this.reader.rest();
  }

  private deliver(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const packet = this.reader.next();
    if (packet) {
      this.waiter = undefined;
      waiter.resolve(packet);
    } else if (this.failure) {
      this.waiter = undefined;
      waiter.reject(this.failure);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.deliver();
  }
}
