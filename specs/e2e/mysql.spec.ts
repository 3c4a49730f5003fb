import mysql, { type Connection, type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { MYSQL8_SQL_MODE } from "../../harness/components/mysql/flags.ts";

const stack = inject("stack");
let db: Connection;

beforeAll(async () => {
  db = await mysql.createConnection({ ...stack.mysql });
});
afterAll(async () => {
  await db.end();
});

async function one(sql: string): Promise<RowDataPacket> {
  const [rows] = await db.query<RowDataPacket[]>(sql);
  return rows[0] as RowDataPacket;
}

describe("mysql", () => {
  it("accepts the stack's credentials over TCP and opens the Pinterest database", async () => {
    expect(stack.mysql.database).toBe("pinterest_data");
    expect((await one("SELECT DATABASE() AS db")).db).toBe("pinterest_data");
  });

  it("rejects a wrong password", async () => {
    await expect(mysql.createConnection({ ...stack.mysql, password: "wrong" })).rejects.toMatchObject({
      code: "ER_ACCESS_DENIED_ERROR",
    });
  });

  it("behaves like MySQL 8: its sql_mode, utf8mb4, UTC", async () => {
    const row = await one(
      // The global mode: mysql2 adds IGNORE_SPACE to its own session, as the MySQL client protocol flag asks.
      "SELECT @@GLOBAL.sql_mode AS mode, @@character_set_server AS charset, @@time_zone AS tz, @@bind_address AS bind",
    );
    expect(row).toEqual({ mode: MYSQL8_SQL_MODE, charset: "utf8mb4", tz: "+00:00", bind: "127.0.0.1" });
    const database = await one(
      "SELECT DEFAULT_CHARACTER_SET_NAME AS charset FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'pinterest_data'",
    );
    expect(database.charset).toBe("utf8mb4");
  });

  it("refuses a non-grouped SELECT, as MySQL 8 does", async () => {
    await db.query("CREATE TEMPORARY TABLE grouping_probe (a INT, b INT)");
    await expect(db.query("SELECT a, b FROM grouping_probe GROUP BY a")).rejects.toMatchObject({
      code: "ER_WRONG_FIELD_WITH_GROUP",
    });
  });

  it("round-trips four-byte characters", async () => {
    const text = "pin 📌 — 東京 — Привет — 𝐁𝐨𝐥𝐝";
    expect((await one(`SELECT ${db.escape(text)} AS t`)).t).toBe(text);
  });
});
