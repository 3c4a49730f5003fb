import { Capability, has, NATIVE_PASSWORD_PLUGIN, unsigned } from "./capabilities.ts";
import { lenencBytes, nul, PayloadReader, protocolError, u16, u32 } from "./packets.ts";
import { EOF_HEADER } from "./responses.ts";

const PROTOCOL_VERSION = 10;
const GREETING_RESERVED = 10;
const RESPONSE_RESERVED = 23;

/** The server's first packet (Protocol::HandshakeV10). */
export interface Greeting {
  protocolVersion: number;
  /** Kept as bytes: MariaDB's `5.5.5-` prefix and any suffix must reach the client unchanged. */
  serverVersion: Buffer;
  connectionId: number;
  /** Both parts of the nonce, without the NUL that ends the second. */
  authPluginData: Buffer;
  capabilities: number;
  charset: number;
  statusFlags: number;
  /** MariaDB puts its extended capabilities in the last 4 of these (unless CLIENT_MYSQL is set). */
  reserved: Buffer;
  authPluginName?: string;
}

export function parseGreeting(payload: Buffer): Greeting {
  const reader = new PayloadReader(payload);
  const protocolVersion = reader.u8();
  if (protocolVersion !== PROTOCOL_VERSION) throw protocolError(`server speaks protocol ${protocolVersion}, not 10`);
  const serverVersion = reader.nulBytes();
  const connectionId = reader.u32();
  const part1 = reader.bytes(8);
  reader.u8();
  const low = reader.u16();
  const charset = reader.u8();
  const statusFlags = reader.u16();
  const capabilities = unsigned((reader.u16() << 16) | low);
  const authDataLength = reader.u8();
  const reserved = reader.bytes(GREETING_RESERVED);
  let part2: Buffer = Buffer.alloc(0);
  if (has(capabilities, Capability.SecureConnection)) {
    part2 = reader.bytes(Math.min(reader.remaining, Math.max(13, authDataLength - 8)));
    if (part2[part2.length - 1] === 0) part2 = part2.subarray(0, -1);
  }
  const greeting: Greeting = {
    protocolVersion,
    serverVersion,
    connectionId,
    authPluginData: Buffer.concat([part1, part2]),
    capabilities,
    charset,
    statusFlags,
    reserved,
  };
  if (has(capabilities, Capability.PluginAuth)) greeting.authPluginName = reader.nulOrEofBytes().toString("latin1");
  return greeting;
}

export function buildGreeting(greeting: Greeting): Buffer {
  const data = greeting.authPluginData;
  const pluginAuth = has(greeting.capabilities, Capability.PluginAuth);
  const part2 = Buffer.alloc(Math.max(13, data.length - 8 + 1));
  data.copy(part2, 0, 8);
  const reserved = Buffer.alloc(GREETING_RESERVED);
  greeting.reserved.copy(reserved, 0, 0, GREETING_RESERVED);
  return Buffer.concat([
    Buffer.from([greeting.protocolVersion]),
    nul(greeting.serverVersion),
    u32(greeting.connectionId),
    data.subarray(0, 8),
    Buffer.from([0]),
    u16(greeting.capabilities & 0xffff),
    Buffer.from([greeting.charset]),
    u16(greeting.statusFlags),
    u16(greeting.capabilities >>> 16),
    Buffer.from([pluginAuth ? data.length + 1 : 0]),
    reserved,
    has(greeting.capabilities, Capability.SecureConnection) ? part2 : Buffer.alloc(0),
    pluginAuth ? nul(greeting.authPluginName ?? "") : Buffer.alloc(0),
  ]);
}

/** MariaDB's capabilities 32–63 from a greeting, or 0 for a MySQL server. */
export function greetingExtendedCapabilities(greeting: Greeting): number {
  if (has(greeting.capabilities, Capability.LongPassword) || greeting.reserved.length < GREETING_RESERVED) return 0;
  return greeting.reserved.readUInt32LE(6);
}

/** What the endpoint never offers: it reads the stream, so no TLS and no compression. */
const NOT_OFFERED = Capability.Ssl | Capability.Compress | Capability.ZstdCompression;

/** The greeting the client gets: the server's, without TLS and compression, for a nonce of the endpoint's own. */
export function clientGreeting(server: Greeting, nonce: Buffer): Greeting {
  return {
    ...server,
    capabilities: unsigned((server.capabilities & ~NOT_OFFERED) | Capability.PluginAuth | Capability.SecureConnection),
    authPluginData: nonce,
    authPluginName: NATIVE_PASSWORD_PLUGIN,
  };
}

export type AuthEncoding = "lenenc" | "length-byte" | "nul-terminated";

export function authEncoding(capabilities: number): AuthEncoding {
  if (has(capabilities, Capability.PluginAuthLenencClientData)) return "lenenc";
  if (has(capabilities, Capability.SecureConnection)) return "length-byte";
  return "nul-terminated";
}

/** The client's answer to the greeting (Protocol::HandshakeResponse41). */
export interface HandshakeResponse {
  capabilities: number;
  maxPacketSize: number;
  charset: number;
  /** MariaDB clients put their extended capabilities in the last 4 of these. */
  reserved: Buffer;
  user: Buffer;
  authResponse: Buffer;
  database?: Buffer;
  authPluginName?: string;
  /** The key/value block of CLIENT_CONNECT_ATTRS, without its length prefix. */
  connectAttributes?: Buffer;
}

/** The low capability bits, which every client version sends first: enough to tell 4.1 and SSL requests. */
export function leadingCapabilities(payload: Buffer): number {
  return payload.length >= 2 ? payload.readUInt16LE(0) : 0;
}

export function parseHandshakeResponse(payload: Buffer): HandshakeResponse {
  const reader = new PayloadReader(payload);
  const capabilities = reader.u32();
  if (!has(capabilities, Capability.Protocol41)) throw protocolError("client does not speak protocol 4.1");
  const response: HandshakeResponse = {
    capabilities,
    maxPacketSize: reader.u32(),
    charset: reader.u8(),
    reserved: reader.bytes(RESPONSE_RESERVED),
    user: reader.nulBytes(),
    authResponse: Buffer.alloc(0),
  };
  const encoding = authEncoding(capabilities);
  if (encoding === "lenenc") response.authResponse = reader.lenencBytes();
  else if (encoding === "length-byte") response.authResponse = reader.bytes(reader.u8());
  else response.authResponse = reader.nulOrEofBytes();
  // Some clients set a flag and then end the packet; what is absent is treated as not sent.
  if (has(capabilities, Capability.ConnectWithDb) && reader.remaining > 0) response.database = reader.nulOrEofBytes();
  if (has(capabilities, Capability.PluginAuth) && reader.remaining > 0) {
    response.authPluginName = reader.nulOrEofBytes().toString("latin1");
  }
  if (has(capabilities, Capability.ConnectAttrs) && reader.remaining > 0) {
    response.connectAttributes = reader.lenencBytes();
  }
  return response;
}

export function buildHandshakeResponse(response: HandshakeResponse): Buffer {
  const caps = response.capabilities;
  const reserved = Buffer.alloc(RESPONSE_RESERVED);
  response.reserved.copy(reserved, 0, 0, RESPONSE_RESERVED);
  const auth = response.authResponse;
  const parts = [u32(caps), u32(response.maxPacketSize), Buffer.from([response.charset]), reserved, nul(response.user)];
  const encoding = authEncoding(caps);
  if (encoding === "lenenc") parts.push(lenencBytes(auth));
  else if (encoding === "length-byte") {
    if (auth.length > 0xff) throw protocolError("auth response longer than 255 bytes needs CLIENT_PLUGIN_AUTH_LENENC");
    parts.push(Buffer.from([auth.length]), auth);
  } else {
    if (auth.includes(0)) throw protocolError("auth response with a NUL byte needs CLIENT_SECURE_CONNECTION");
    parts.push(nul(auth));
  }
  if (has(caps, Capability.ConnectWithDb)) parts.push(nul(response.database ?? Buffer.alloc(0)));
  if (has(caps, Capability.PluginAuth)) parts.push(nul(response.authPluginName ?? ""));
  if (has(caps, Capability.ConnectAttrs)) parts.push(lenencBytes(response.connectAttributes ?? Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** MariaDB's capabilities 32–63 as a client asked for them, or 0 for a MySQL client. */
export function responseExtendedCapabilities(response: HandshakeResponse): number {
  if (has(response.capabilities, Capability.LongPassword) || response.reserved.length < RESPONSE_RESERVED) return 0;
  return response.reserved.readUInt32LE(RESPONSE_RESERVED - 4);
}

export function parseConnectAttributes(block: Buffer): [string, string][] {
  const reader = new PayloadReader(block);
  const pairs: [string, string][] = [];
  while (reader.remaining > 0) pairs.push([reader.lenencBytes().toString(), reader.lenencBytes().toString()]);
  return pairs;
}

export interface BackendLogin {
  user: string;
  authResponse: Buffer;
}

/**
 * The client's response as the server gets it: the client's flags (within what it was offered), charset,
 * reserved bytes, database and attributes, with the endpoint's own login.
 */
export function backendResponse(client: HandshakeResponse, offered: number, login: BackendLogin): HandshakeResponse {
  let capabilities = unsigned(client.capabilities & offered);
  // The native scramble may hold a NUL byte, which the oldest encoding cannot carry.
  if (authEncoding(capabilities) === "nul-terminated")
    capabilities = unsigned(capabilities | Capability.SecureConnection);
  if (client.database === undefined) capabilities = unsigned(capabilities & ~Capability.ConnectWithDb);
  const response: HandshakeResponse = {
    capabilities,
    maxPacketSize: client.maxPacketSize,
    charset: client.charset,
    reserved: client.reserved,
    user: Buffer.from(login.user),
    authResponse: login.authResponse,
  };
  if (client.database !== undefined) response.database = client.database;
  if (has(capabilities, Capability.PluginAuth)) response.authPluginName = NATIVE_PASSWORD_PLUGIN;
  if (has(capabilities, Capability.ConnectAttrs))
    response.connectAttributes = client.connectAttributes ?? Buffer.alloc(0);
  return response;
}

export interface AuthSwitchRequest {
  pluginName: string;
  pluginData: Buffer;
}

export function parseAuthSwitch(payload: Buffer): AuthSwitchRequest {
  if (payload[0] !== EOF_HEADER) throw protocolError("not an AuthSwitchRequest");
  // A lone 0xFE is the pre-4.1 request to fall back to the old password hash.
  if (payload.length === 1) return { pluginName: "mysql_old_password", pluginData: Buffer.alloc(0) };
  const reader = new PayloadReader(payload, 1);
  const pluginName = reader.nulOrEofBytes().toString("latin1");
  let pluginData = reader.rest();
  if (pluginData[pluginData.length - 1] === 0) pluginData = pluginData.subarray(0, -1);
  return { pluginName, pluginData };
}

export function buildAuthSwitch(request: AuthSwitchRequest): Buffer {
  return Buffer.concat([Buffer.from([EOF_HEADER]), nul(request.pluginName), nul(request.pluginData)]);
}
