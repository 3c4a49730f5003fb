import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_ROWS, generateDataset } from "../../fixtures/generator/dataset.ts";
import { COLUMNS, TABLES, type Dataset } from "../../fixtures/generator/types.ts";
import { cachedDataset } from "../../harness/components/mysql/seed-cache.ts";
import { loadWithInserts } from "../../harness/components/mysql/seed-load.ts";
import { schemaStatements } from "../../harness/components/mysql/seed-schema.ts";
import { seedPinterestData } from "../../harness/components/mysql/seed.ts";

// The stack's globalSetup has seeded the default dataset (seed and size) into this database.
const target = inject("stack").mysql;
const SCRATCH_DB = "pinpipe_fixture_spec";

let conn: mysql.Connection;
let expected: Dataset;
const scratchDirs: string[] = [];

beforeAll(async () => {
  // dateStrings: DATETIME values compare as the text the emulator's str() would print, with no zone shift.
  conn = await mysql.createConnection({ ...target, charset: "utf8mb4_unicode_ci", dateStrings: true });
  expected = generateDataset();
});

afterAll(async () => {
  await conn?.query(`DROP DATABASE IF EXISTS ${SCRATCH_DB}`);
  await conn?.end();
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

const select = async (sql: string): Promise<Record<string, unknown>[]> =>
  (await conn.query(sql))[0] as Record<string, unknown>[];

const rowsOf = (dataset: Dataset, table: (typeof TABLES)[number]): readonly object[] =>
  table === "pinterest_data" ? dataset.pins : table === "geolocation_data" ? dataset.geos : dataset.users;

describe("Pinterest fixtures in MySQL", () => {
  it("holds the full-size dataset: the same row count in all three tables", async () => {
    for (const table of TABLES) {
      expect(await select(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual([{ n: DEFAULT_ROWS }]);
    }
  });

  it("answers the emulator's first query, `SELECT * FROM pinterest_data LIMIT 7528, 1`, with a full row", async () => {
    const [pin] = await select("SELECT * FROM pinterest_data LIMIT 7528, 1");
    expect(Object.keys(pin ?? {})).toEqual(COLUMNS.pinterest_data);
    for (const value of Object.values(pin ?? {})) expect(value).not.toBeNull();
    expect(pin).toEqual(expected.pins[7528]);
    // Without ORDER BY the offset follows the primary key, so all three tables describe the same post.
    for (const offset of [7528, 2863, 5730, 8304, 8731, 1313, 4315, 10794, 0, 11000, DEFAULT_ROWS - 1]) {
      const [geo] = await select(`SELECT * FROM geolocation_data LIMIT ${offset}, 1`);
      const [user] = await select(`SELECT * FROM user_data LIMIT ${offset}, 1`);
      expect([geo?.ind, user?.ind]).toEqual([offset, offset]);
    }
  });

  it("declares the real column names, order and types, in utf8mb4", async () => {
    const columns = await select(
      "SELECT TABLE_NAME AS t, COLUMN_NAME AS c, DATA_TYPE AS type, CHARACTER_SET_NAME AS charset " +
        `FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    for (const table of TABLES) {
      expect(columns.filter((c) => c.t === table).map((c) => c.c)).toEqual(COLUMNS[table]);
    }
    const typeOf = (t: string, c: string) => columns.find((x) => x.t === t && x.c === c)?.type;
    expect(typeOf("pinterest_data", "index")).toBe("int");
    expect(typeOf("pinterest_data", "follower_count")).toBe("varchar");
    expect(typeOf("geolocation_data", "latitude")).toBe("float");
    expect(typeOf("geolocation_data", "timestamp")).toBe("datetime");
    expect(typeOf("user_data", "date_joined")).toBe("datetime");
    for (const c of columns) if (c.charset !== null) expect(c.charset).toBe("utf8mb4");
  });

  it("gives every row back exactly as generated: unicode, trailing spaces, U+00A0, floats, datetimes", async () => {
    for (const table of TABLES) {
      const key = table === "pinterest_data" ? "`index`" : "ind";
      const rows = await select(`SELECT * FROM ${table} ORDER BY ${key}`);
      expect(rows.length).toBe(DEFAULT_ROWS);
      const want = rowsOf(expected, table);
      const mismatches = rows.filter((row, i) => JSON.stringify(row) !== JSON.stringify(want[i]));
      expect(mismatches.slice(0, 3)).toEqual([]);
    }
  });

  it("stores unicode as real utf8mb4 (not double-encoded): bytes and code point counts match", async () => {
    const astral = expected.pins.filter((p) => /[\u{10000}-\u{10ffff}]/u.test(p.title + p.poster_name)).slice(0, 50);
    const others = expected.pins.filter((p) => /[\u0400-\u04ff\u3040-\u30ff\u00a0’]/.test(p.title + p.description));
    expect(astral.length).toBeGreaterThan(0);
    for (const pin of [...astral, ...others.slice(0, 50)]) {
      const [row] = await select(
        "SELECT HEX(title) AS t, CHAR_LENGTH(title) AS tn, HEX(poster_name) AS p, HEX(description) AS d " +
          `FROM pinterest_data WHERE \`index\` = ${pin.index}`,
      );
      expect(row).toEqual({
        t: Buffer.from(pin.title).toString("hex").toUpperCase(),
        tn: [...pin.title].length,
        p: Buffer.from(pin.poster_name).toString("hex").toUpperCase(),
        d: Buffer.from(pin.description).toString("hex").toUpperCase(),
      });
    }
  });

  it("seeds another database from the cache, by LOAD DATA and by the INSERT fallback, with the same rows", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "pinpipe-fixture-spec-"));
    scratchDirs.push(cacheDir);
    const scratch = { ...target, database: SCRATCH_DB };
    const small = generateDataset({ seed: 5, rows: 300 });
    const check = async () => {
      for (const table of TABLES) {
        const key = table === "pinterest_data" ? "`index`" : "ind";
        const rows = await select(`SELECT * FROM ${SCRATCH_DB}.${table} ORDER BY ${key}`);
        expect(JSON.stringify(rows)).toBe(JSON.stringify(rowsOf(small, table)));
      }
    };
    const first = await seedPinterestData(scratch, { seed: 5, rows: 300, cacheDir });
    expect(first.rows).toBe(300);
    await check();
    const again = await seedPinterestData(scratch, { seed: 5, rows: 300, cacheDir });
    expect(again.rows).toBe(300);
    await check();

    const files = (await cachedDataset(5, 300, cacheDir)).files;
    await conn.query(`USE ${SCRATCH_DB}`);
    try {
      for (const statement of await schemaStatements()) await conn.query(statement);
      await loadWithInserts(conn, files);
    } finally {
      await conn.query(`USE \`${target.database}\``);
    }
    await check();
  });
});
