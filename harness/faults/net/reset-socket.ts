import type { Socket } from "node:net";

/**
 * Ends a socket with a TCP RST, so the peer sees ECONNRESET rather than an orderly end of stream. A socket that is
 * still connecting has nothing to reset on the wire yet; destroying it is what the peer would see of a lost SYN.
 */
export function resetSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.connecting) socket.destroy();
  else socket.resetAndDestroy();
}
