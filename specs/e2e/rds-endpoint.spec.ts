import { execFile } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { promisify } from "node:util";
import mysql, { type Connection, type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startRdsEndpoint, type RdsEvent, type StartedRdsEndpoint } from "../../harness/components/mysql/rds/index.ts";
import { Capability } from "../../harness/components/mysql/rds/capabilities.ts";
import { parseGreeting } from "../../harness/components/mysql/rds/handshake.ts";
import { frame, type Packet, PacketReader } from "../../harness/components/mysql/rds/packets.ts";
import { parseErr } from "../../harness/components/mysql/rds/responses.ts";
import { RelaySession } from "../../harness/components/mysql/rds/session.ts";
import { config } from "../../harness/config.ts";
import { freePort, listenOn } from "../../harness/runtime/ports.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { projectPath } from "../../harness/paths.ts";
import { ensurePythonEnv } from "../../harness/runtime/python.ts";

const run = promisify(execFile);
const stack = inject("stack");
const PASSWORD = "s3cret:%;'pw";
// The reference emulator's requirements (PyMySQL, SQLAlchemy): the packages users' scripts connect with.
const REFERENCE_REQUIREMENTS = projectPath("fixtures", "emulator", "requirements.txt");

let endpoint: StartedRdsEndpoint;
let admin: Connection;
const events: RdsEvent[] = [];
const clients: Connection[] = [];

async function countOf(conn: Connection, table: string): Promise<number> {
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``);
  return Number(rows[0]?.n);
}

async function client(options: Partial<mysql.ConnectionOptions> = {}): Promise<Connection> {
  const conn = await mysql.createConnection({
    host: endpoint.host,
    port: endpoint.port,
    user: "project_user",
    password: PASSWORD,
    database: "pinterest_data",
    ...options,
  });
  clients.push(conn);
  return conn;
}

async function readerExists(user: string): Promise<boolean> {
  const [rows] = await admin.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM mysql.user WHERE User = ?", [user]);
  return Number(rows[0]?.n) > 0;
}

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** A client that speaks raw packets, for what no client library will send. */
async function rawClient(
  port: number,
): Promise<{ socket: Socket; next: () => Promise<Packet>; closed: Promise<void> }> {
  const socket = connect({ host: "127.0.0.1", port });
  const reader = new PacketReader();
  const waiting: (() => void)[] = [];
  socket.on("data", (chunk) => {
    reader.push(chunk);
    waiting.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("error", () => undefined);
  const next = async (): Promise<Packet> => {
    for (;;) {
      const packet = reader.next();
      if (packet) return packet;
      if (socket.destroyed) throw new Error("closed before a packet came");
      await Promise.race([new Promise<void>((resolve) => waiting.push(resolve)), closed]);
    }
  };
  await new Promise((resolve) => socket.once("connect", resolve));
  return { socket, next, closed };
}

const le32 = (value: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value >>> 0);
  return out;
};

beforeAll(async () => {
  admin = await mysql.createConnection({ ...stack.mysql });
  endpoint = await startRdsEndpoint({ server: stack.mysql, onEvent: (event) => events.push(event) });
});

afterAll(async () => {
  for (const conn of clients) await conn.end().catch(() => undefined);
  await endpoint?.stop();
  await admin?.end();
});

describe("rds endpoint", () => {
  it("lets mysql2 in as project_user with any password, as a read-only login of its own", async () => {
    const conn = await client();
    expect(await countOf(conn, "pinterest_data")).toBe(await countOf(admin, "pinterest_data"));
    expect(await countOf(conn, "pinterest_data")).toBeGreaterThan(11_000);
    const [rows] = await conn.query<RowDataPacket[]>("SELECT * FROM pinterest_data LIMIT 3, 2");
    expect(rows).toHaveLength(2);
    const [[who]] = await conn.query<RowDataPacket[]>("SELECT CURRENT_USER() AS who, DATABASE() AS db");
    expect(who).toEqual({ who: `${endpoint.readerUser}@%`, db: "pinterest_data" });
    const [tables] = await conn.query<RowDataPacket[]>("SHOW TABLES");
    expect(tables.map((row) => Object.values(row)[0]).sort()).toEqual([
      "geolocation_data",
      "pinterest_data",
      "user_data",
    ]);
    const [columns] = await conn.query<RowDataPacket[]>("DESCRIBE geolocation_data");
    expect(columns.map((c) => c.Field)).toContain("ind");
    expect(events).toContainEqual({ type: "login", user: "project_user", database: "pinterest_data" });
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
  });

  it("refuses writes with the server's own error", async () => {
    const conn = await client({ user: "someone_else", password: "" });
    await expect(conn.query("INSERT INTO pinterest_data (`index`) VALUES (-1)")).rejects.toMatchObject({
      errno: 1142,
      code: "ER_TABLEACCESS_DENIED_ERROR",
    });
    expect(events).toContainEqual(expect.objectContaining({ type: "query-error", code: 1142 }));
    expect(await countOf(conn, "user_data")).toBe(await countOf(admin, "user_data"));
  });

  it("reports a query that found no rows, and one the server refused", async () => {
    const conn = await client();
    const sql = "SELECT * FROM pinterest_data LIMIT 20000, 1";
    const [rows] = await conn.query<RowDataPacket[]>(sql);
    expect(rows).toEqual([]);
    expect(events).toContainEqual({ type: "empty-result", sql });
    await expect(conn.query("SELEC * FROM pinterest_data")).rejects.toMatchObject({ errno: 1064 });
    expect(events).toContainEqual(
      expect.objectContaining({ type: "query-error", sql: "SELEC * FROM pinterest_data", code: 1064 }),
    );
    // Rows that did arrive are not reported, and the session goes on after both.
    const seen = events.length;
    expect(await countOf(conn, "geolocation_data")).toBeGreaterThan(11_000);
    await conn.query("SELECT * FROM user_data LIMIT 100");
    expect(events.slice(seen)).toEqual([]);
  });

  it("passes on the server's ERR for a database the login cannot use", async () => {
    await expect(client({ database: "no_such_db" })).rejects.toSatisfy(
      (error: { errno?: number }) => error.errno === 1044 || error.errno === 1049,
    );
    // The endpoint goes on serving others.
    expect(await countOf(await client(), "user_data")).toBeGreaterThan(11_000);
  });

  it("lets the mariadb command-line client in with any user and password", async () => {
    const { stdout: which } = await run("which", ["mariadb"]);
    const args = ["-h", endpoint.host, "-P", String(endpoint.port), "-u", "x", "-py", "pinterest_data"];
    const { stdout } = await run(which.trim(), [
      ...args,
      "--batch",
      "--skip-column-names",
      "-e",
      "SELECT COUNT(*) FROM geolocation_data; SELECT CURRENT_USER(); SELECT * FROM geolocation_data LIMIT 20000, 1",
    ]);
    const [count, user] = stdout.trim().split("\n");
    expect(Number(count)).toBe(await countOf(admin, "geolocation_data"));
    expect(user).toBe(`${endpoint.readerUser}@%`);
    expect(events).toContainEqual({ type: "login", user: "x", database: "pinterest_data" });
    // The client's own capabilities (MariaDB's extended ones among them) still let the endpoint follow it.
    expect(events).toContainEqual({ type: "empty-result", sql: "SELECT * FROM geolocation_data LIMIT 20000, 1" });
  });

  it("lets PyMySQL and SQLAlchemy in, as the emulators connect", { timeout: 600_000 }, async () => {
    const env = await ensurePythonEnv({ cacheDir: config().cacheDir, requirements: [REFERENCE_REQUIREMENTS] });
    const script = [
      "import json, sys",
      "from urllib.parse import quote_plus",
      "import pymysql, sqlalchemy",
      "host, port, password = sys.argv[1], int(sys.argv[2]), sys.argv[3]",
      "conn = pymysql.connect(host=host, port=port, user='project_user', password=password,",
      "                       database='pinterest_data', charset='utf8mb4')",
      "with conn.cursor() as cur:",
      "    cur.execute('SELECT COUNT(*) FROM user_data')",
      "    count = cur.fetchone()[0]",
      "    cur.execute('SELECT * FROM user_data LIMIT 20000, 1')",
      "conn.close()",
      "url = f'mysql+pymysql://project_user:{quote_plus(password)}@{host}:{port}/pinterest_data?charset=utf8mb4'",
      "engine = sqlalchemy.create_engine(url)",
      "with engine.connect() as c:",
      "    rows = c.execute(sqlalchemy.text('SELECT * FROM pinterest_data LIMIT 5, 1')).fetchall()",
      "    tables = [r[0] for r in c.execute(sqlalchemy.text('SHOW TABLES'))]",
      "engine.dispose()",
      "print(json.dumps({'count': count, 'row': [str(v) for v in rows[0]], 'tables': sorted(tables)}))",
    ].join("\n");
    const { stdout } = await run(env.python, ["-c", script, endpoint.host, String(endpoint.port), PASSWORD]);
    const result = JSON.parse(stdout) as { count: number; row: string[]; tables: string[] };
    expect(result.count).toBe(await countOf(admin, "user_data"));
    const [[expected]] = await admin.query<RowDataPacket[]>("SELECT `index` FROM pinterest_data LIMIT 5, 1");
    expect(result.row[0]).toBe(String(expected?.index));
    expect(result.tables).toEqual(["geolocation_data", "pinterest_data", "user_data"]);
    expect(events).toContainEqual({ type: "empty-result", sql: "SELECT * FROM user_data LIMIT 20000, 1" });
  });

  it("gives every endpoint its own login, and drops it and its port on stop()", async () => {
    const second = await startRdsEndpoint({ server: stack.mysql });
    expect(second.readerUser).not.toBe(endpoint.readerUser);
    expect(await readerExists(second.readerUser)).toBe(true);
    const open = await mysql.createConnection({
      host: second.host,
      port: second.port,
      user: "u",
      password: "p",
      database: "pinterest_data",
    });
    expect(await countOf(open, "pinterest_data")).toBeGreaterThan(11_000);

    await second.stop();
    await second.stop();
    expect(await readerExists(second.readerUser)).toBe(false);
    expect(await refused(second.port)).toBe("ECONNREFUSED");
    await expect(open.query("SELECT 1")).rejects.toThrow();
    open.destroy();
    // The first endpoint and its login are untouched.
    expect(await readerExists(endpoint.readerUser)).toBe(true);
    expect(await countOf(await client(), "pinterest_data")).toBeGreaterThan(11_000);
  });

  it("greets like the server, without SSL or compression, and asks for mysql_native_password", async () => {
    const raw = await rawClient(endpoint.port);
    const greeting = parseGreeting((await raw.next()).payload);
    const [[server]] = await admin.query<RowDataPacket[]>("SELECT VERSION() AS version");
    expect(greeting.serverVersion.toString()).toContain(String(server?.version));
    expect(greeting.capabilities & (Capability.Ssl | Capability.Compress)).toBe(0);
    expect(greeting.capabilities & Capability.Protocol41).toBe(Capability.Protocol41);
    expect(greeting.authPluginName).toBe("mysql_native_password");
    expect(greeting.authPluginData).toHaveLength(20);
    raw.socket.destroy();
  });

  it("answers a client that asks for SSL, or that predates protocol 4.1, with a clear ERR", async () => {
    const ssl = await rawClient(endpoint.port);
    await ssl.next();
    const caps = Capability.Protocol41 | Capability.Ssl | Capability.SecureConnection;
    ssl.socket.write(frame(1, Buffer.concat([le32(caps), le32(1 << 24), Buffer.from([45]), Buffer.alloc(23)])));
    const refusal = await ssl.next();
    expect(refusal.sequenceId).toBe(2);
    expect(parseErr(refusal.payload)).toMatchObject({ code: 1043, sqlState: "08S01" });
    expect(parseErr(refusal.payload).message).toMatch(/does not offer SSL/);
    await ssl.closed;

    const old = await rawClient(endpoint.port);
    await old.next();
    old.socket.write(frame(1, Buffer.from([0x05, 0x00, 0xff, 0xff, 0xff, 0x78, 0x00, 0x00])));
    const err = await old.next();
    expect(err.payload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0x13, 0x04]));
    expect(err.payload.subarray(3).toString()).toMatch(/^Bad handshake: .*4\.1/);
    await old.closed;
  });

  it("asks a client that answered for another auth plugin to switch, and lets it in whatever it answers", async () => {
    const raw = await rawClient(endpoint.port);
    const greeting = parseGreeting((await raw.next()).payload);
    const caps = Capability.Protocol41 | Capability.SecureConnection | Capability.PluginAuth | Capability.ConnectWithDb;
    raw.socket.write(
      frame(
        1,
        Buffer.concat([
          le32(caps),
          le32(1 << 24),
          Buffer.from([45]),
          Buffer.alloc(23),
          Buffer.from("sha_user\0"),
          Buffer.from([32]),
          Buffer.alloc(32, 9),
          Buffer.from("pinterest_data\0caching_sha2_password\0"),
        ]),
      ),
    );
    const change = await raw.next();
    expect(change.sequenceId).toBe(2);
    expect(change.payload).toEqual(
      Buffer.concat([Buffer.from("\xfemysql_native_password\0", "latin1"), greeting.authPluginData, Buffer.from([0])]),
    );
    raw.socket.write(frame(3, Buffer.alloc(20, 7)));
    const ok = await raw.next();
    expect(ok.sequenceId).toBe(4);
    expect(ok.payload[0]).toBe(0x00);
    const sql = "SELECT 1 FROM user_data LIMIT 20000, 1";
    raw.socket.write(frame(0, Buffer.concat([Buffer.from([0x03]), Buffer.from(sql)])));
    // One column, its definition, EOF, and at once the EOF that ends no rows.
    expect((await raw.next()).payload).toEqual(Buffer.from([1]));
    await raw.next();
    expect((await raw.next()).payload[0]).toBe(0xfe);
    expect((await raw.next()).payload[0]).toBe(0xfe);
    expect(events).toContainEqual({ type: "empty-result", sql });
    expect(events).toContainEqual({ type: "login", user: "sha_user", database: "pinterest_data" });
    raw.socket.destroy();
  });

  it("loses only the connection of a client that leaves mid-handshake, and cuts one that stalls", async () => {
    const fourth = await startRdsEndpoint({ server: stack.mysql, handshakeTimeoutMs: 500 });
    try {
      for (let i = 0; i < 3; i += 1) {
        const leaving = await rawClient(fourth.port);
        await leaving.next();
        leaving.socket.destroy();
      }
      const stalling = await rawClient(fourth.port);
      await stalling.next();
      const conn = await mysql.createConnection({
        host: fourth.host,
        port: fourth.port,
        user: "a",
        password: "b",
        database: "pinterest_data",
      });
      expect(await countOf(conn, "pinterest_data")).toBeGreaterThan(11_000);
      await stalling.closed;
      await conn.end();
      // Every server-side session of the reader ends with its client.
      await pollUntil(
        async () => {
          const [rows] = await admin.query<RowDataPacket[]>(
            "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?",
            [fourth.readerUser],
          );
          if (Number(rows[0]?.n) !== 0) throw new Error(`${String(rows[0]?.n)} reader sessions left`);
          return true;
        },
        { name: "reader sessions closed", timeoutMs: 5_000 },
      );
    } finally {
      await fourth.stop();
    }
  });

  it("closes the client with an ERR that says so when the server cannot be reached", async () => {
    const dead = await freePort();
    const sessions: RelaySession[] = [];
    const server = createServer((socket) => {
      const session = new RelaySession(socket, {
        server: { host: "127.0.0.1", port: dead },
        reader: { user: "r", password: "p" },
        onEvent: () => undefined,
        handshakeTimeoutMs: 5_000,
        closeGraceMs: 1_000,
      });
      sessions.push(session);
      void session.run();
    });
    const port = await listenOn(server, 0, "127.0.0.1", "spec");
    try {
      await expect(mysql.createConnection({ host: "127.0.0.1", port, user: "u", password: "p" })).rejects.toMatchObject(
        {
          errno: 1105,
          message: expect.stringContaining(`cannot reach the MySQL server at 127.0.0.1:${dead}`),
        },
      );
      await Promise.all(sessions.map((session) => session.closed));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("cuts every connection at once on kill()", async () => {
    const third = await startRdsEndpoint({ server: stack.mysql });
    const open = await mysql.createConnection({ host: third.host, port: third.port, user: "k", password: "k" });
    await third.kill();
    await expect(open.query("SELECT 1")).rejects.toThrow();
    open.destroy();
    expect(await refused(third.port)).toBe("ECONNREFUSED");
    await third.stop();
    expect(await readerExists(third.readerUser)).toBe(false);
  });
});
