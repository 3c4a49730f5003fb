import { createServer as createHttp1Server, type IncomingMessage, type ServerResponse } from "node:http";
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from "node:http2";
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { Duplex } from "node:stream";

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** HTTP/2 with prior knowledge starts with this; no HTTP/1.1 request does. */
const HTTP2_PREFACE_START = "PRI ";

/**
 * A listener that speaks HTTP/1.1 and cleartext HTTP/2 on one port. `@aws-sdk/client-kinesis` sends every call
 * over HTTP/2 (also to an `http://` endpoint, with prior knowledge), while boto3, curl and API Gateway's
 * integration use HTTP/1.1; Node's HTTP/2 server falls back to HTTP/1.1 only over TLS, so the first bytes of each
 * connection decide which server takes it.
 */
export interface DualListener {
  /** Not listening yet: the caller listens. */
  server: Server;
  /** Stops accepting; HTTP/2 sessions finish their streams and take no new ones. */
  beginClose(): Promise<void>;
  /** Cuts every connection now. */
  destroyAll(): void;
}

/** The first chunk given back in front of the rest, for the HTTP/2 server, which reads a socket's handle directly. */
function replayed(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, encoding, callback) {
      socket.write(chunk, encoding, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  duplex.push(first);
  socket.on("data", (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("error", (error) => duplex.destroy(error));
  socket.on("close", () => duplex.destroy());
  return duplex;
}

export function createDualListener(onRequest: (req: AnyRequest, res: AnyResponse) => void): DualListener {
  const http1 = createHttp1Server(onRequest);
  const http2 = createHttp2Server(onRequest);
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  http2.on("session", (session: ServerHttp2Session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });

  const server = createNetServer((socket) => {
    // HTTP/2 over a wrapped socket writes its small WINDOW_UPDATE frames through JavaScript; with Nagle's algorithm
    // they wait for the client's delayed ACK, and a 1 MiB upload takes more than a second instead of milliseconds.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      if (first.subarray(0, 4).toString("latin1") === HTTP2_PREFACE_START) {
        http2.emit("connection", replayed(socket, first));
        return;
      }
      socket.unshift(first);
      http1.emit("connection", socket);
      socket.resume();
    });
  });

  return {
    server,
    beginClose() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.close();
      return closed;
    },
    destroyAll() {
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
    },
  };
}
