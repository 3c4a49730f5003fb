import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { ErrorCode, PinpipeError } from "../../../errors.ts";
import type { MysqlEndpoint } from "../index.ts";
import type { ReaderLogin } from "./login.ts";

const READER_PREFIX = "pinpipe_ro_";

function adminConnection(server: MysqlEndpoint): Promise<mysql.Connection> {
  return mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
}

const account = (user: string): string => `'${user}'@'%'`;
const schema = (name: string): string => `\`${name.replace(/`/g, "``")}\``;

/**
 * A login of its own for one endpoint, so that two endpoints on one server never share or drop each other's:
 * SELECT on the database only (SHOW TABLES and DESCRIBE need no more), as the course's RDS login has.
 */
export async function createReaderLogin(server: MysqlEndpoint): Promise<ReaderLogin> {
  const reader = {
    user: `${READER_PREFIX}${randomBytes(6).toString("hex")}`,
    password: randomBytes(18).toString("hex"),
  };
  let admin: mysql.Connection | undefined;
  try {
    admin = await adminConnection(server);
    const [rows] = await admin.query<mysql.RowDataPacket[]>("SELECT VERSION() AS version");
    const mariadb = String(rows[0]?.version ?? "").includes("MariaDB");
    // MySQL 8 defaults to caching_sha2_password, which the endpoint cannot answer without TLS or RSA.
    const identified = mariadb ? "IDENTIFIED BY" : "IDENTIFIED WITH mysql_native_password BY";
    await admin.query(`CREATE USER ${account(reader.user)} ${identified} ${admin.escape(reader.password)}`);
    try {
      await admin.query(`GRANT SELECT, SHOW VIEW ON ${schema(server.database)}.* TO ${account(reader.user)}`);
    } catch (error) {
      await admin.query(`DROP USER IF EXISTS ${account(reader.user)}`).catch(() => undefined);
      throw error;
    }
    return reader;
  } catch (cause) {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `rds endpoint: cannot create its read-only login on the MySQL server at ${server.host}:${server.port} ` +
        `as ${server.user}: ${(cause as Error).message}. Check that the server runs and that this login may ` +
        `CREATE USER and GRANT.`,
      { context: { component: "rds", host: server.host, port: server.port }, cause },
    );
  } finally {
    await admin?.end().catch(() => undefined);
  }
}

/** Errors that mean the server is gone, and the login with it: nothing is left to drop. */
const SERVER_GONE = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENOTFOUND", "PROTOCOL_CONNECTION_LOST"]);

export async function dropReaderLogin(server: MysqlEndpoint, user: string): Promise<void> {
  let admin: mysql.Connection | undefined;
  try {
    admin = await adminConnection(server);
    await admin.query(`DROP USER IF EXISTS ${account(user)}`);
  } catch (cause) {
    if (SERVER_GONE.has((cause as NodeJS.ErrnoException).code ?? "")) return;
    throw new PinpipeError(
      ErrorCode.ProvisionFailed,
      `rds endpoint: cannot drop its read-only login ${user} on ${server.host}:${server.port}: ` +
        `${(cause as Error).message}. Drop it by hand with DROP USER ${account(user)}.`,
      { context: { component: "rds", host: server.host, port: server.port, user }, cause },
    );
  } finally {
    await admin?.end().catch(() => undefined);
  }
}
