import { createHash } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Capability, MariadbCapability } from "../../../harness/components/mysql/rds/capabilities.ts";
import type { RdsEvent } from "../../../harness/components/mysql/rds/events.ts";
import {
  authEncoding,
  backendResponse,
  buildAuthSwitch,
  buildGreeting,
  buildHandshakeResponse,
  clientGreeting,
  greetingExtendedCapabilities,
  parseAuthSwitch,
  parseConnectAttributes,
  parseGreeting,
  parseHandshakeResponse,
  responseExtendedCapabilities,
} from "../../../harness/components/mysql/rds/handshake.ts";
import { CommandObserver } from "../../../harness/components/mysql/rds/observe.ts";
import {
  frame,
  lenencBytes,
  lenencInt,
  MAX_PAYLOAD,
  type Packet,
  PacketReader,
  PayloadReader,
} from "../../../harness/components/mysql/rds/packets.ts";
import { buildErr, parseErr } from "../../../harness/components/mysql/rds/responses.ts";
import { makeNonce, nativeScramble } from "../../../harness/components/mysql/rds/scramble.ts";
import { PacketScanner } from "../../../harness/components/mysql/rds/scanner.ts";
import { RelaySession } from "../../../harness/components/mysql/rds/session.ts";

// Packets are built here byte by byte from the protocol's documentation, not with the code under test.
const header = (length: number, seq: number): Buffer =>
  Buffer.from([length & 0xff, (length >> 8) & 0xff, length >> 16, seq]);
/** One packet, or for a payload of 16 MiB or more, the chain of full packets the protocol splits it into. */
const packet = (seq: number, payload: Buffer | number[]): Buffer => {
  const body = Buffer.from(payload);
  if (body.length < 0xffffff) return Buffer.concat([header(body.length, seq), body]);
  return Buffer.concat([header(0xffffff, seq), body.subarray(0, 0xffffff), packet(seq + 1, body.subarray(0xffffff))]);
};
const physicalPackets = (length: number): number => Math.floor(length / 0xffffff) + 1;
const le32 = (value: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value >>> 0);
  return out;
};
const cstr = (text: string): Buffer => Buffer.from(`${text}\0`);

/** Every way to cut a buffer: into single bytes, and at every single point. */
function* splits(bytes: Buffer): Generator<Buffer[]> {
  yield [...bytes].map((byte) => Buffer.from([byte]));
  for (let at = 0; at <= bytes.length; at += 1) yield [bytes.subarray(0, at), bytes.subarray(at)];
}

describe("packet framing", () => {
  const stream = Buffer.concat([packet(0, [1, 2, 3]), packet(1, []), packet(2, Buffer.from("select 1"))]);

  it("reads whole packets however the stream is cut, and gives back what follows unread", () => {
    for (const chunks of splits(stream)) {
      const reader = new PacketReader();
      const seen: { sequenceId: number; payload: string }[] = [];
      for (const chunk of chunks) {
        reader.push(chunk);
        for (let p = reader.next(); p; p = reader.next()) seen.push({ ...p, payload: p.payload.toString("hex") });
      }
      expect(seen).toEqual([
        { sequenceId: 0, payload: "010203" },
        { sequenceId: 1, payload: "" },
        { sequenceId: 2, payload: Buffer.from("select 1").toString("hex") },
      ]);
      expect(reader.rest().length).toBe(0);
    }
    const reader = new PacketReader();
    reader.push(stream.subarray(0, 10));
    expect(reader.next()?.sequenceId).toBe(0);
    expect(reader.next()).toBeUndefined();
    expect(reader.rest()).toEqual(stream.subarray(7, 10));
  });

  it("joins a payload of 16 MiB or more from its packets, and frames one the same way", () => {
    const payload = Buffer.alloc(MAX_PAYLOAD + 5, 7);
    const framed = frame(3, payload);
    expect(framed.length).toBe(payload.length + 8);
    expect(framed.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xff, 0xff, 3]));
    expect(framed.subarray(4 + MAX_PAYLOAD, 8 + MAX_PAYLOAD)).toEqual(Buffer.from([5, 0, 0, 4]));
    const exact = frame(0, Buffer.alloc(MAX_PAYLOAD));
    expect(exact.subarray(-4)).toEqual(Buffer.from([0, 0, 0, 1]));

    const reader = new PacketReader();
    reader.push(framed.subarray(0, 1000));
    reader.push(framed.subarray(1000, MAX_PAYLOAD + 6));
    expect(reader.next()).toBeUndefined();
    reader.push(framed.subarray(MAX_PAYLOAD + 6));
    const read = reader.next();
    expect(read?.sequenceId).toBe(3);
    expect(read?.payload.equals(payload)).toBe(true);

    const scanned = new PacketScanner(16).push(framed);
    expect(scanned).toHaveLength(1);
    expect(scanned[0]).toMatchObject({ sequenceId: 3, lastSequenceId: 4, length: payload.length });
    expect(scanned[0]?.head).toEqual(Buffer.alloc(16, 7));
  });

  it("scans packet boundaries across chunks, keeping only the head of each", () => {
    for (const chunks of splits(stream)) {
      const scanner = new PacketScanner(4);
      const seen = chunks.flatMap((chunk) => scanner.push(chunk));
      expect(seen.map((p) => [p.sequenceId, p.length, p.head.toString("latin1")])).toEqual([
        [0, 3, "\x01\x02\x03"],
        [1, 0, ""],
        [2, 8, "sele"],
      ]);
    }
  });
});

describe("length-encoded fields", () => {
  const cases: [number, number[]][] = [
    [0, [0]],
    [250, [250]],
    [251, [0xfc, 251, 0]],
    [0xffff, [0xfc, 0xff, 0xff]],
    [0x10000, [0xfd, 0, 0, 1]],
    [0xffffff, [0xfd, 0xff, 0xff, 0xff]],
    [0x1000000, [0xfe, 0, 0, 0, 1, 0, 0, 0, 0]],
    [Number.MAX_SAFE_INTEGER, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f, 0]],
  ];

  it.each(cases)("encodes and decodes %i", (value, bytes) => {
    expect([...lenencInt(value)]).toEqual(bytes);
    const reader = new PayloadReader(Buffer.from([...bytes, 0x42]));
    expect(reader.lenencInt()).toBe(value);
    expect(reader.remaining).toBe(1);
  });

  it("reads 0xFB as NULL, and refuses 0xFF and integers past 2^53", () => {
    expect(new PayloadReader(Buffer.from([0xfb])).lenencInt()).toBeNull();
    expect(() => new PayloadReader(Buffer.from([0xff])).lenencInt()).toThrow(/0xFF/);
    expect(() => new PayloadReader(Buffer.from([0xfe, 0, 0, 0, 0, 0, 0, 0, 1])).lenencInt()).toThrow(/too large/);
  });

  it("encodes strings with their length, and fails on a string that is cut short", () => {
    const long = Buffer.alloc(300, "a");
    expect(lenencBytes(Buffer.from("abc"))).toEqual(Buffer.from([3, 0x61, 0x62, 0x63]));
    expect(lenencBytes(long).subarray(0, 3)).toEqual(Buffer.from([0xfc, 0x2c, 0x01]));
    expect(new PayloadReader(lenencBytes(long)).lenencBytes()).toEqual(long);
    expect(() => new PayloadReader(Buffer.from([5, 0x61])).lenencBytes()).toThrow(/ends 4 bytes early/);
  });
});

/** The documented formula, computed here independently of the code under test. */
const documented = (password: string, nonce: Buffer): Buffer => {
  const sha1 = (data: Buffer): Buffer => createHash("sha1").update(data).digest();
  const stage1 = sha1(Buffer.from(password));
  const right = sha1(Buffer.concat([nonce, sha1(stage1)]));
  return Buffer.from(stage1.map((byte, i) => byte ^ (right[i] as number)));
};

describe("mysql_native_password", () => {
  it("matches SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw)))", () => {
    const nonce = Buffer.from("0123456789abcdefghij");
    const password = "pa:%;'ss";
    expect(nativeScramble(password, nonce)).toEqual(documented(password, nonce));
    expect(nativeScramble(password, nonce).toString("hex")).toBe(documented(password, nonce).toString("hex"));
    // A trailing NUL, as servers send it after the nonce, is not part of it.
    expect(nativeScramble(password, Buffer.concat([nonce, Buffer.from([0])]))).toEqual(documented(password, nonce));
    expect(nativeScramble("", nonce).length).toBe(0);
  });

  it("makes 20-byte nonces that every client can read: 7-bit, no NUL, no $", () => {
    for (let i = 0; i < 200; i += 1) {
      const nonce = makeNonce();
      expect(nonce.length).toBe(20);
      expect([...nonce].every((b) => b > 0 && b < 0x80 && b !== 0x24)).toBe(true);
    }
  });
});

const MARIADB_CAPS =
  (Capability.Protocol41 |
    Capability.SecureConnection |
    Capability.PluginAuth |
    Capability.ConnectWithDb |
    Capability.ConnectAttrs |
    Capability.PluginAuthLenencClientData |
    Capability.DeprecateEof |
    Capability.Ssl |
    Capability.Compress |
    Capability.MultiResults |
    Capability.SessionTrack) >>>
  0;

/** A MariaDB 10.11 greeting: no CLIENT_MYSQL bit, extended capabilities in the reserved bytes. */
function mariadbGreeting(): Buffer {
  const reserved = Buffer.concat([Buffer.alloc(6), le32(MariadbCapability.Progress | MariadbCapability.CacheMetadata)]);
  return Buffer.concat([
    Buffer.from([10]),
    cstr("5.5.5-10.11.19-MariaDB"),
    le32(77),
    Buffer.from("abcdefgh"),
    Buffer.from([0]),
    Buffer.from([MARIADB_CAPS & 0xff, (MARIADB_CAPS >> 8) & 0xff]),
    Buffer.from([45]),
    Buffer.from([2, 0]),
    Buffer.from([(MARIADB_CAPS >> 16) & 0xff, (MARIADB_CAPS >>> 24) & 0xff]),
    Buffer.from([21]),
    reserved,
    Buffer.from("ijklmnopqrst\0"),
    cstr("mysql_native_password"),
  ]);
}

describe("greeting", () => {
  it("reads a MariaDB greeting, extended capabilities included", () => {
    const greeting = parseGreeting(mariadbGreeting());
    expect(greeting).toMatchObject({
      protocolVersion: 10,
      connectionId: 77,
      charset: 45,
      statusFlags: 2,
      capabilities: MARIADB_CAPS,
      authPluginName: "mysql_native_password",
    });
    expect(greeting.serverVersion.toString()).toBe("5.5.5-10.11.19-MariaDB");
    expect(greeting.authPluginData.toString()).toBe("abcdefghijklmnopqrst");
    expect(greetingExtendedCapabilities(greeting)).toBe(MariadbCapability.Progress | MariadbCapability.CacheMetadata);
    expect(buildGreeting(greeting)).toEqual(mariadbGreeting());
  });

  it("offers the client the server's greeting without SSL or compression, for its own nonce", () => {
    const server = parseGreeting(mariadbGreeting());
    const nonce = Buffer.from("ABCDEFGHIJKLMNOPQRST");
    const offered = parseGreeting(buildGreeting(clientGreeting(server, nonce)));
    expect(offered.capabilities).toBe(MARIADB_CAPS & ~Capability.Ssl & ~Capability.Compress);
    expect(offered.authPluginData).toEqual(nonce);
    expect(offered.authPluginName).toBe("mysql_native_password");
    expect(offered.serverVersion).toEqual(server.serverVersion);
    expect(offered.connectionId).toBe(77);
    expect(offered.statusFlags).toBe(2);
    expect(offered.charset).toBe(45);
    expect(greetingExtendedCapabilities(offered)).toBe(greetingExtendedCapabilities(server));
  });
});

// Bit 31 (CLIENT_REMEMBER_OPTIONS) is never offered, so the rewrite must drop it.
const BASE_CLIENT =
  (Capability.Protocol41 | Capability.ConnectWithDb | Capability.PluginAuth | Capability.ConnectAttrs | 0x80000000) >>>
  0;

function clientResponse(capabilities: number, auth: Buffer): Buffer {
  const reserved = Buffer.concat([Buffer.alloc(19), le32(MariadbCapability.Progress)]);
  let authField: Buffer;
  if (capabilities & Capability.PluginAuthLenencClientData)
    authField = Buffer.concat([Buffer.from([auth.length]), auth]);
  else if (capabilities & Capability.SecureConnection) authField = Buffer.concat([Buffer.from([auth.length]), auth]);
  else authField = Buffer.concat([auth, Buffer.from([0])]);
  const attributes = Buffer.from("\x0c_client_name\x07pymysql\x04_pid\x0212", "latin1");
  return Buffer.concat([
    le32(capabilities),
    le32(16 * 1024 * 1024),
    Buffer.from([224]),
    reserved,
    cstr("project_user"),
    authField,
    cstr("pinterest_data"),
    cstr("caching_sha2_password"),
    Buffer.from([attributes.length]),
    attributes,
  ]);
}

describe("handshake response", () => {
  const encodings = [
    ["lenenc", (BASE_CLIENT | Capability.SecureConnection | Capability.PluginAuthLenencClientData) >>> 0],
    ["length-byte", (BASE_CLIENT | Capability.SecureConnection) >>> 0],
    ["nul-terminated", BASE_CLIENT],
  ] as const;

  it.each(encodings)("reads and rewrites an auth response sent %s", (encoding, capabilities) => {
    const password = Buffer.from("not-a-real-scramble!");
    const parsed = parseHandshakeResponse(clientResponse(capabilities, password));
    expect(authEncoding(parsed.capabilities)).toBe(encoding);
    expect(parsed).toMatchObject({ capabilities, maxPacketSize: 16 * 1024 * 1024, charset: 224 });
    expect(parsed.user.toString()).toBe("project_user");
    expect(parsed.authResponse).toEqual(password);
    expect(parsed.database?.toString()).toBe("pinterest_data");
    expect(parsed.authPluginName).toBe("caching_sha2_password");
    expect(parseConnectAttributes(parsed.connectAttributes as Buffer)).toEqual([
      ["_client_name", "pymysql"],
      ["_pid", "12"],
    ]);
    // Bit 0 (CLIENT_MYSQL) is clear: a MariaDB client, whose extended flags are in the reserved bytes.
    expect(responseExtendedCapabilities(parsed)).toBe(MariadbCapability.Progress);

    // A scramble with a NUL in it: the oldest encoding cannot carry it, so the rewrite must switch.
    const nonce = Buffer.from("0123456789abcdefghij");
    const scramble = Buffer.concat([Buffer.from([0]), nativeScramble("reader-pw", nonce).subarray(1)]);
    const offered = MARIADB_CAPS & ~Capability.Ssl & ~Capability.Compress;
    const rewritten = backendResponse(parsed, offered, { user: "pinpipe_ro_x", authResponse: scramble });
    const sent = parseHandshakeResponse(buildHandshakeResponse(rewritten));
    const expectedCaps = (capabilities & offered) | (encoding === "nul-terminated" ? Capability.SecureConnection : 0);
    expect(sent.capabilities).toBe(expectedCaps >>> 0);
    expect(sent.capabilities & 0x80000000).toBe(0);
    expect(sent.user.toString()).toBe("pinpipe_ro_x");
    expect(sent.authResponse).toEqual(scramble);
    expect(sent.authPluginName).toBe("mysql_native_password");
    expect(sent.database?.toString()).toBe("pinterest_data");
    expect(sent.connectAttributes).toEqual(parsed.connectAttributes);
    expect(sent.reserved).toEqual(parsed.reserved);
    expect(sent.charset).toBe(224);
    expect(sent.maxPacketSize).toBe(16 * 1024 * 1024);
  });

  it("drops CONNECT_WITH_DB when the client named no database", () => {
    const bytes = Buffer.concat([
      le32(Capability.Protocol41 | Capability.SecureConnection | Capability.ConnectWithDb),
      le32(0),
      Buffer.from([33]),
      Buffer.alloc(23),
      cstr("x"),
      Buffer.from([0]),
    ]);
    const parsed = parseHandshakeResponse(bytes);
    expect(parsed.database).toBeUndefined();
    const rewritten = backendResponse(parsed, MARIADB_CAPS, { user: "r", authResponse: Buffer.alloc(20, 1) });
    expect(rewritten.capabilities & Capability.ConnectWithDb).toBe(0);
    expect(parseHandshakeResponse(buildHandshakeResponse(rewritten)).authResponse).toEqual(Buffer.alloc(20, 1));
  });

  it("refuses a response older than protocol 4.1", () => {
    expect(() => parseHandshakeResponse(Buffer.from([0x05, 0x00, 0, 0, 0, 0x78, 0]))).toThrow(/4\.1/);
  });

  it("reads an AuthSwitchRequest and ERR packets", () => {
    const request = parseAuthSwitch(
      Buffer.concat([Buffer.from([0xfe]), cstr("mysql_native_password"), cstr("n".repeat(20))]),
    );
    expect(request).toEqual({ pluginName: "mysql_native_password", pluginData: Buffer.from("n".repeat(20)) });
    expect(parseAuthSwitch(Buffer.from([0xfe])).pluginName).toBe("mysql_old_password");
    const err = Buffer.concat([Buffer.from([0xff, 0x19, 0x04]), Buffer.from("#42000Unknown database 'x'")]);
    expect(parseErr(err)).toEqual({ code: 1049, sqlState: "42000", message: "Unknown database 'x'" });
    expect(buildErr({ code: 1049, sqlState: "42000", message: "Unknown database 'x'" })).toEqual(err);
    expect(buildErr({ code: 1043, message: "Bad" }, false)).toEqual(Buffer.from([0xff, 0x13, 0x04, 0x42, 0x61, 0x64]));
  });
});

// Result-set packets, built from the documented layouts.
const columnDef = (name: string): Buffer =>
  Buffer.concat([
    ...["def", "pinterest_data", "t", "t", name, name].map((s) =>
      Buffer.concat([Buffer.from([s.length]), Buffer.from(s)]),
    ),
    Buffer.from([0x0c, 45, 0, 0, 1, 0, 0, 0xfd, 0, 0, 0, 0, 0]),
  ]);
const eof = (status = 0x0002): number[] => [0xfe, 0, 0, status & 0xff, status >> 8];
const okFe = (status = 0x0002): number[] => [0xfe, 0, 0, status & 0xff, status >> 8, 0, 0];
const ok = (status = 0x0002): number[] => [0x00, 0, 0, status & 0xff, status >> 8, 0, 0];
const row = (...values: string[]): Buffer =>
  Buffer.concat(values.map((v) => Buffer.concat([Buffer.from([v.length]), Buffer.from(v)])));
const query = (sql: string, seq = 0): Buffer => packet(seq, Buffer.concat([Buffer.from([0x03]), Buffer.from(sql)]));

function resultSet(
  rows: Buffer[],
  options: { deprecateEof: boolean; metadataFlag?: boolean; status?: number },
): Buffer {
  const packets: Buffer[] = [];
  let seq = 1;
  const push = (payload: Buffer | number[]): void => {
    packets.push(packet(seq, payload));
    seq += physicalPackets(payload.length);
  };
  push(options.metadataFlag ? [2, 1] : [2]);
  push(columnDef("a"));
  push(columnDef("b"));
  if (!options.deprecateEof) push(eof());
  for (const r of rows) push(r);
  push(options.deprecateEof ? okFe(options.status) : eof(options.status));
  return Buffer.concat(packets);
}

function observer(capabilities: number, extendedCapabilities = 0): { watch: CommandObserver; events: RdsEvent[] } {
  const events: RdsEvent[] = [];
  const watch = new CommandObserver({
    capabilities: Capability.Protocol41 | capabilities,
    extendedCapabilities,
    onEvent: (e) => events.push(e),
  });
  return { watch, events };
}

function feed(target: (chunk: Buffer) => void, bytes: Buffer, size: number): void {
  const copy = Buffer.from(bytes);
  for (let i = 0; i < bytes.length; i += size) target(bytes.subarray(i, i + size));
  // Observation only reads: the bytes the relay forwards are never changed.
  expect(bytes.equals(copy)).toBe(true);
}

describe("command observer", () => {
  for (const deprecateEof of [false, true]) {
    const caps = deprecateEof ? Capability.DeprecateEof : 0;
    describe(deprecateEof ? "with CLIENT_DEPRECATE_EOF" : "with EOF packets", () => {
      it("counts rows however the result set is cut, and reports only empty ones", () => {
        // NULLs (0xFB) and empty strings must count as rows like any other.
        const rows = [
          row("1", "a"),
          Buffer.from([0xfb, 0]),
          ...Array.from({ length: 500 }, (_, i) => row(String(i), "pin")),
        ];
        for (const size of [1, 3, 7, 64, 4096]) {
          const { watch, events } = observer(caps);
          feed((c) => watch.fromClient(c), query("SELECT a, b FROM t"), size);
          feed((c) => watch.fromServer(c), resultSet(rows, { deprecateEof }), size);
          feed((c) => watch.fromClient(c), query("SELECT a, b FROM t LIMIT 20000, 1"), size);
          feed((c) => watch.fromServer(c), resultSet([], { deprecateEof }), size);
          expect(events).toEqual([{ type: "empty-result", sql: "SELECT a, b FROM t LIMIT 20000, 1" }]);
          expect(watch.stoppedBecause).toBeUndefined();
        }
      });

      it("takes a row of 16 MiB or more that starts with 0xFE for a row, not for the end", () => {
        const value = Buffer.alloc(0x1000000 + 10, 0x61);
        const big = Buffer.concat([Buffer.from([0xfe]), Buffer.alloc(8), value, row("x")]);
        big.writeUInt32LE(value.length, 1);
        const { watch, events } = observer(caps);
        feed((c) => watch.fromClient(c), query("SELECT a, b FROM t"), 1);
        feed((c) => watch.fromServer(c), resultSet([big, row("1", "2")], { deprecateEof }), 1 << 16);
        watch.fromClient(query("SELECT a, b FROM t WHERE 0"));
        watch.fromServer(resultSet([], { deprecateEof }));
        expect(events).toEqual([{ type: "empty-result", sql: "SELECT a, b FROM t WHERE 0" }]);
        expect(watch.stoppedBecause).toBeUndefined();
      });

      if (!deprecateEof) {
        it("takes a short row that starts with 0xFE for a row, as an EOF packet is never 9 bytes or longer", () => {
          const odd = Buffer.concat([Buffer.from([0xfe, 3, 0, 0, 0, 0, 0, 0, 0]), Buffer.from("abc"), row("x")]);
          const { watch, events } = observer(caps);
          watch.fromClient(query("SELECT a, b FROM t"));
          watch.fromServer(resultSet([odd], { deprecateEof }));
          watch.fromClient(query("SELECT a, b FROM t WHERE 0"));
          watch.fromServer(resultSet([], { deprecateEof }));
          expect(events).toEqual([{ type: "empty-result", sql: "SELECT a, b FROM t WHERE 0" }]);
        });
      }

      it("reports an ERR answer, including one that cuts a result set short", () => {
        const { watch, events } = observer(caps);
        const err = (seq: number, code: number, message: string): Buffer =>
          packet(seq, Buffer.concat([Buffer.from([0xff, code & 0xff, code >> 8]), Buffer.from(`#42000${message}`)]));
        watch.fromClient(query("SELEC 1"));
        watch.fromServer(err(1, 1064, "You have an error in your SQL syntax"));
        watch.fromClient(query("SELECT a, b FROM t"));
        const head = resultSet([row("1", "2")], { deprecateEof });
        const cut = head.subarray(0, head.length - (deprecateEof ? 11 : 9));
        watch.fromServer(Buffer.concat([cut, err(deprecateEof ? 5 : 6, 1317, "Query execution was interrupted")]));
        expect(events).toEqual([
          { type: "query-error", sql: "SELEC 1", code: 1064, message: "You have an error in your SQL syntax" },
          { type: "query-error", sql: "SELECT a, b FROM t", code: 1317, message: "Query execution was interrupted" },
        ]);
        expect(watch.stoppedBecause).toBeUndefined();
      });
    });
  }

  it("reads MariaDB's metadata flag and skips its progress reports", () => {
    const { watch, events } = observer(Capability.DeprecateEof, MariadbCapability.CacheMetadata);
    watch.fromClient(query("SELECT a, b FROM t WHERE 0"));
    const progress = packet(1, Buffer.from([0xff, 0xff, 0xff, 1, 1, 0, 0, 0, 0]));
    const rest = resultSet([], { deprecateEof: true, metadataFlag: true });
    // Renumbered one up, as the progress packet took #1.
    const renumbered = Buffer.from(rest);
    for (let i = 0, seq = 2; i < renumbered.length; seq += 1) {
      renumbered[i + 3] = seq;
      i += 4 + renumbered.readUIntLE(i, 3);
    }
    feed((c) => watch.fromServer(c), Buffer.concat([progress, renumbered]), 5);
    expect(events).toEqual([{ type: "empty-result", sql: "SELECT a, b FROM t WHERE 0" }]);
    expect(watch.stoppedBecause).toBeUndefined();
  });

  it("follows OK answers, other commands and multiple result sets", () => {
    const { watch, events } = observer(Capability.DeprecateEof);
    watch.fromClient(Buffer.concat([packet(0, [0x0e]), packet(0, [0x02, 0x78])]));
    watch.fromServer(Buffer.concat([packet(1, ok()), packet(1, ok())]));
    watch.fromClient(query("SELECT 1 FROM t WHERE 0; SELECT 2"));
    const more = 0x0002 | 0x0008;
    const first = resultSet([], { deprecateEof: true, status: more });
    const second = Buffer.from(resultSet([row("2", "2")], { deprecateEof: true }));
    for (let i = 0, seq = 5; i < second.length; seq += 1) {
      second[i + 3] = seq;
      i += 4 + second.readUIntLE(i, 3);
    }
    watch.fromServer(Buffer.concat([first, second]));
    watch.fromClient(query("SET @a = 1"));
    watch.fromServer(packet(1, ok()));
    expect(events).toEqual([{ type: "empty-result", sql: "SELECT 1 FROM t WHERE 0; SELECT 2" }]);
    expect(watch.stoppedBecause).toBeUndefined();
  });

  it("stops observing at what it does not follow, and stays stopped", () => {
    const cases: [string, () => ReturnType<typeof observer>][] = [
      [
        "LOCAL INFILE",
        () => {
          const { watch, events } = observer(0);
          watch.fromClient(query("LOAD DATA LOCAL INFILE 'x' INTO TABLE t"));
          watch.fromServer(packet(1, Buffer.concat([Buffer.from([0xfb]), Buffer.from("x")])));
          return { watch, events };
        },
      ],
      [
        "prepared statements",
        () => {
          const { watch, events } = observer(0);
          watch.fromClient(packet(0, Buffer.concat([Buffer.from([0x16]), Buffer.from("SELECT ?")])));
          return { watch, events };
        },
      ],
      [
        "packets out of sequence",
        () => {
          const { watch, events } = observer(0);
          watch.fromClient(query("SELECT 1"));
          watch.fromServer(packet(2, ok()));
          return { watch, events };
        },
      ],
      [
        "server packets no command asked for",
        () => {
          const { watch, events } = observer(0);
          watch.fromServer(packet(0, ok()));
          return { watch, events };
        },
      ],
    ];
    for (const [name, run] of cases) {
      const { watch, events } = run();
      expect(watch.stoppedBecause, name).toBeDefined();
      watch.fromClient(query("SELECT 1"));
      watch.fromServer(resultSet([], { deprecateEof: false }));
      expect(events).toEqual([]);
    }
  });

  it("reads the SQL after empty query attributes (MySQL 8)", () => {
    const { watch, events } = observer(Capability.QueryAttributes | Capability.DeprecateEof);
    watch.fromClient(packet(0, Buffer.concat([Buffer.from([0x03, 0, 1]), Buffer.from("SELECT 1 WHERE 0")])));
    watch.fromServer(resultSet([], { deprecateEof: true }));
    expect(events).toEqual([{ type: "empty-result", sql: "SELECT 1 WHERE 0" }]);
  });
});

/** Packets in and out of a socket, one at a time. */
function packetsOf(socket: Socket): { next: () => Promise<Packet>; closed: Promise<void> } {
  const reader = new PacketReader();
  let wake: (() => void) | undefined;
  socket.on("data", (chunk) => {
    reader.push(chunk);
    wake?.();
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const next = async (): Promise<Packet> => {
    for (;;) {
      const packet = reader.next();
      if (packet) return packet;
      if (socket.destroyed) throw new Error("closed before a packet came");
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), closed]);
    }
  };
  return { next, closed };
}

const listening = (server: Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));

describe("login relay, against a scripted MySQL 8 server", () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });
  const READER = { user: "pinpipe_ro_test", password: "reader-secret" };
  const MYSQL8_CAPS =
    (Capability.LongPassword |
      Capability.Protocol41 |
      Capability.SecureConnection |
      Capability.PluginAuth |
      Capability.PluginAuthLenencClientData |
      Capability.ConnectWithDb |
      Capability.ConnectAttrs |
      Capability.DeprecateEof |
      Capability.Ssl |
      Capability.QueryAttributes) >>>
    0;
  const first = Buffer.from("ABCDEFGHIJKLMNOPQRST");
  const second = Buffer.from("abcdefghijklmnopqrst");

  /** A server that greets for caching_sha2_password, then asks to switch to `switchTo`. */
  async function scriptedServer(switchTo: string): Promise<{ port: number; seen: Packet[] }> {
    const seen: Packet[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      const packets = packetsOf(socket);
      void (async () => {
        socket.write(
          frame(
            0,
            buildGreeting({
              protocolVersion: 10,
              serverVersion: Buffer.from("8.0.40"),
              connectionId: 9,
              authPluginData: first,
              capabilities: MYSQL8_CAPS,
              charset: 255,
              statusFlags: 2,
              reserved: Buffer.alloc(10),
              authPluginName: "caching_sha2_password",
            }),
          ),
        );
        seen.push(await packets.next());
        socket.write(frame(2, buildAuthSwitch({ pluginName: switchTo, pluginData: second })));
        seen.push(await packets.next());
        socket.write(frame(4, Buffer.from(ok())));
        seen.push(await packets.next());
        socket.write(frame(1, Buffer.from(ok())));
      })().catch(() => socket.destroy());
    });
    servers.push(server);
    return { port: await listening(server), seen };
  }

  async function endpoint(backendPort: number, events: RdsEvent[]): Promise<number> {
    const server = createServer((socket) => {
      void new RelaySession(socket, {
        server: { host: "127.0.0.1", port: backendPort },
        reader: READER,
        onEvent: (event) => events.push(event),
        handshakeTimeoutMs: 5_000,
        closeGraceMs: 1_000,
      }).run();
    });
    servers.push(server);
    return listening(server);
  }

  async function login(port: number): Promise<{ socket: Socket; next: () => Promise<Packet>; closed: Promise<void> }> {
    const socket = connect({ host: "127.0.0.1", port });
    sockets.push(socket);
    const packets = packetsOf(socket);
    const greeting = parseGreeting((await packets.next()).payload);
    expect(greeting.authPluginName).toBe("mysql_native_password");
    expect(greeting.capabilities & Capability.Ssl).toBe(0);
    expect(greeting.serverVersion.toString()).toBe("8.0.40");
    const caps =
      Capability.LongPassword |
      Capability.Protocol41 |
      Capability.SecureConnection |
      Capability.PluginAuth |
      Capability.PluginAuthLenencClientData |
      Capability.ConnectWithDb |
      Capability.DeprecateEof;
    const scramble = documented("whatever", greeting.authPluginData);
    socket.write(
      frame(
        1,
        Buffer.concat([
          le32(caps),
          le32(1 << 24),
          Buffer.from([255]),
          Buffer.alloc(23),
          cstr("project_user"),
          Buffer.from([20]),
          scramble,
          cstr("pinterest_data"),
          cstr("mysql_native_password"),
        ]),
      ),
    );
    return { socket, ...packets };
  }

  it("answers the server's switch to mysql_native_password, and hands the client its OK in its own numbering", async () => {
    const server = await scriptedServer("mysql_native_password");
    const events: RdsEvent[] = [];
    const client = await login(await endpoint(server.port, events));
    const okPacket = await client.next();
    expect(okPacket.sequenceId).toBe(2);
    expect(okPacket.payload).toEqual(Buffer.from(ok()));
    expect(events).toEqual([{ type: "login", user: "project_user", database: "pinterest_data" }]);

    const [response, switched] = server.seen as [Packet, Packet];
    expect(response.sequenceId).toBe(1);
    const sent = parseHandshakeResponse(response.payload);
    expect(sent.user.toString()).toBe(READER.user);
    expect(sent.authResponse).toEqual(documented(READER.password, first));
    expect(sent.authPluginName).toBe("mysql_native_password");
    expect(sent.database?.toString()).toBe("pinterest_data");
    expect(sent.charset).toBe(255);
    expect(switched).toEqual({ sequenceId: 3, payload: documented(READER.password, second) });

    // From here on, bytes pass untouched.
    client.socket.write(frame(0, Buffer.from([0x0e])));
    expect(await client.next()).toEqual({ sequenceId: 1, payload: Buffer.from(ok()) });
    expect(server.seen[2]).toEqual({ sequenceId: 0, payload: Buffer.from([0x0e]) });
    client.socket.destroy();
  });

  it("refuses the client with an ERR that names a plugin it cannot answer", async () => {
    const server = await scriptedServer("dialog");
    const client = await login(await endpoint(server.port, []));
    const refusal = await client.next();
    expect(refusal.sequenceId).toBe(2);
    expect(parseErr(refusal.payload).message).toMatch(/auth plugin dialog.*mysql_native_password/);
    await client.closed;
  });
});
