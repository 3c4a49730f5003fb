import { createServer, type Socket } from "node:net";
import { listenOn } from "../../../runtime/ports.ts";
import type { MysqlEndpoint } from "../index.ts";
import type { RdsEvent } from "./events.ts";
import { createReaderLogin, dropReaderLogin } from "./reader-user.ts";
import { RelaySession } from "./session.ts";

export type { RdsEvent } from "./events.ts";

export interface RdsEndpointOptions {
  /** The real server; its admin login is used once, to create the read-only login the relay uses. */
  server: MysqlEndpoint;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  onEvent?: (event: RdsEvent) => void;
  /** Default 10 s, as a server's connect_timeout. */
  handshakeTimeoutMs?: number;
}

export interface StartedRdsEndpoint extends AsyncDisposable {
  host: string;
  port: number;
  /** The read-only login the relay uses towards the real server (for messages and tests). */
  readerUser: string;
  /** Graceful: stop listening, close relayed connections, drop the reader login; idempotent. */
  stop(): Promise<void>;
  /** Abrupt: destroy every socket at once. */
  kill(): Promise<void>;
}

const COMPONENT = "rds endpoint";
const CLOSE_GRACE_MS = 2_000;

/**
 * A stand-in for the course's RDS host: a MySQL-protocol endpoint that lets in any user name and password and
 * gives the client a session on the real server as a read-only login of its own.
 */
export async function startRdsEndpoint(options: RdsEndpointOptions): Promise<StartedRdsEndpoint> {
  const host = options.host ?? "127.0.0.1";
  const reader = await createReaderLogin(options.server);
  const listener = options.onEvent;
  // A listener that throws must not take a client's connection down with it.
  const onEvent = (event: RdsEvent): void => {
    try {
      listener?.(event);
    } catch {
      // The event is the listener's business; the relay goes on.
    }
  };
  const sessions = new Set<RelaySession>();
  const server = createServer((client: Socket) => {
    const session = new RelaySession(client, {
      server: { host: options.server.host, port: options.server.port },
      reader,
      onEvent,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 10_000,
      closeGraceMs: CLOSE_GRACE_MS,
    });
    sessions.add(session);
    void session.closed.then(() => sessions.delete(session));
    void session.run();
  });

  let port: number;
  try {
    port = await listenOn(server, options.port ?? 0, host, COMPONENT);
  } catch (error) {
    await dropReaderLogin(options.server, reader.user).catch(() => undefined);
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = (hard: boolean): Promise<void> => {
    // A kill during a graceful stop still cuts everything at once.
    if (hard) for (const session of sessions) session.destroy();
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.close();
      await Promise.all([...sessions].map((session) => session.closed));
      await closed;
    })();
    return closing;
  };
  let dropped: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await close(false);
    dropped ??= dropReaderLogin(options.server, reader.user);
    await dropped;
  };
  return {
    host,
    port,
    readerUser: reader.user,
    stop,
    kill: () => close(true),
    [Symbol.asyncDispose]: stop,
  };
}
