import { Capability, has, NATIVE_PASSWORD_PLUGIN, unsigned } from "./capabilities.ts";
import {
  backendResponse,
  buildAuthSwitch,
  buildGreeting,
  buildHandshakeResponse,
  clientGreeting,
  greetingExtendedCapabilities,
  leadingCapabilities,
  parseAuthSwitch,
  parseGreeting,
  parseHandshakeResponse,
  responseExtendedCapabilities,
} from "./handshake.ts";
import { frame } from "./packets.ts";
import { buildErr, EOF_HEADER, type ErrPacket, ERR_HEADER, OK_HEADER, ServerError } from "./responses.ts";
import { makeNonce, nativeScramble } from "./scramble.ts";
import type { SocketPackets } from "./socket-packets.ts";

export interface ReaderLogin {
  user: string;
  password: string;
}

export interface LoginIo {
  client: SocketPackets;
  backend: SocketPackets;
  toClient(bytes: Buffer): void;
  toBackend(bytes: Buffer): void;
}

export type LoginResult =
  | {
      ok: true;
      user: string;
      database?: string;
      /** What client and server agreed on, for reading the command phase. */
      capabilities: number;
      extendedCapabilities: number;
    }
  /** The last bytes for the client (an ERR packet); then both connections close. */
  | { ok: false; reply: Buffer };

const REQUIRED_SERVER = Capability.Protocol41 | Capability.SecureConnection | Capability.PluginAuth;

function refuse(
  sequenceId: number,
  message: string,
  error: Omit<ErrPacket, "message"> = ServerError.Unknown,
  protocol41 = true,
): LoginResult {
  return { ok: false, reply: frame(sequenceId, buildErr({ ...error, message }, protocol41)) };
}

/**
 * Lets the client in with whatever it sent, and logs in to the server as the reader: the client's greeting is
 * the server's with a nonce of the endpoint's own, and the server's answer reaches the client in the client's
 * own packet numbering.
 */
export async function relayLogin(io: LoginIo, reader: ReaderLogin): Promise<LoginResult> {
  const first = await io.backend.next();
  // A server that will not take the connection (too many connections, host blocked) says so instead of greeting.
  if (first.payload[0] === ERR_HEADER) return { ok: false, reply: frame(0, first.payload) };
  const server = parseGreeting(first.payload);
  if ((server.capabilities & REQUIRED_SERVER) !== REQUIRED_SERVER) {
    return refuse(0, "The MySQL server behind the RDS endpoint is too old: it needs protocol 4.1 with auth plugins.");
  }
  const nonce = makeNonce();
  const offered = clientGreeting(server, nonce);
  io.toClient(frame(0, buildGreeting(offered)));

  const answer = await io.client.next();
  let clientSeq = answer.sequenceId;
  const leading = leadingCapabilities(answer.payload);
  if (!has(leading, Capability.Protocol41)) {
    const message = "Bad handshake: this RDS endpoint speaks only the MySQL 4.1+ protocol; use a newer client.";
    return refuse(clientSeq + 1, message, ServerError.HandshakeError, false);
  }
  if (has(leading, Capability.Ssl)) {
    const message = "Bad handshake: this RDS endpoint does not offer SSL; connect without it (ssl disabled).";
    return refuse(clientSeq + 1, message, ServerError.HandshakeError);
  }
  const response = parseHandshakeResponse(answer.payload);
  // A client that answered for another plugin is asked for a native answer, as a server would; it is ignored.
  if (has(response.capabilities, Capability.PluginAuth) && (response.authPluginName ?? "") !== NATIVE_PASSWORD_PLUGIN) {
    io.toClient(frame(clientSeq + 1, buildAuthSwitch({ pluginName: NATIVE_PASSWORD_PLUGIN, pluginData: nonce })));
    clientSeq = (await io.client.next()).sequenceId;
  }

  const login = backendResponse(response, offered.capabilities, {
    user: reader.user,
    authResponse: nativeScramble(reader.password, server.authPluginData),
  });
  io.toBackend(frame(first.sequenceId + 1, buildHandshakeResponse(login)));
  for (;;) {
    const reply = await io.backend.next();
    const header = reply.payload[0];
    if (header === OK_HEADER) {
      io.toClient(frame(clientSeq + 1, reply.payload));
      const result: LoginResult = {
        ok: true,
        user: response.user.toString("utf8"),
        capabilities: unsigned(login.capabilities & server.capabilities),
        extendedCapabilities: unsigned(responseExtendedCapabilities(login) & greetingExtendedCapabilities(server)),
      };
      if (response.database !== undefined) result.database = response.database.toString("utf8");
      return result;
    }
    if (header === ERR_HEADER) return { ok: false, reply: frame(clientSeq + 1, reply.payload) };
    if (header !== EOF_HEADER) {
      return refuse(
        clientSeq + 1,
        `The MySQL server sent an unexpected packet (0x${(header ?? 0).toString(16)}) at login.`,
      );
    }
    const request = parseAuthSwitch(reply.payload);
    if (request.pluginName !== NATIVE_PASSWORD_PLUGIN) {
      return refuse(
        clientSeq + 1,
        `The MySQL server asked the RDS endpoint's reader login for auth plugin ${request.pluginName}, which the ` +
          `endpoint cannot answer: give ${reader.user} mysql_native_password.`,
      );
    }
    io.toBackend(frame(reply.sequenceId + 1, nativeScramble(reader.password, request.pluginData)));
  }
}
