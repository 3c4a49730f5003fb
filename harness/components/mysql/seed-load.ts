import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Connection, ResultSetHeader } from "mysql2/promise";
import { COLUMNS, TABLES, type TableName } from "../../../fixtures/generator/types.ts";

const quote = (name: string): string => `\`${name}\``;

/** `infileStreamFactory` for mysql2 that serves only the given files, whatever path the server asks for. */
export function infileFactory(files: Record<TableName, string>): (path: string) => Readable {
  const allowed = new Set(Object.values(files));
  return (path) => {
    if (!allowed.has(path)) throw new Error(`LOAD DATA LOCAL asked for an unexpected file: ${path}`);
    return createReadStream(path);
  };
}

/**
 * Loads each table with `LOAD DATA LOCAL INFILE`. The server turns bad values into warnings rather than
 * errors for LOCAL loads, so any warning or short count fails the load here.
 */
export async function loadWithLoadData(
  conn: Connection,
  files: Record<TableName, string>,
  rows: number,
): Promise<void> {
  for (const table of TABLES) {
    const sql =
      `LOAD DATA LOCAL INFILE ? INTO TABLE ${quote(table)} CHARACTER SET utf8mb4 ` +
      `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ` +
      `(${COLUMNS[table].map(quote).join(", ")})`;
    const [result] = await conn.query<ResultSetHeader>({
      sql,
      values: [files[table]],
      infileStreamFactory: infileFactory(files),
    });
    if (result.warningStatus > 0) {
      const [warnings] = await conn.query("SHOW WARNINGS LIMIT 5");
      throw new Error(`LOAD DATA into ${table} raised ${result.warningStatus} warnings: ${JSON.stringify(warnings)}`);
    }
    if (result.affectedRows !== rows) {
      throw new Error(`LOAD DATA into ${table} loaded ${result.affectedRows} rows, expected ${rows}`);
    }
  }
}

const BATCH_ROWS = 2_000;

/** Multi-row INSERTs: for servers that refuse `LOAD DATA LOCAL` (MySQL 8 has `local_infile` off by default). */
export async function loadWithInserts(conn: Connection, files: Record<TableName, string>): Promise<void> {
  for (const table of TABLES) {
    const text = await readFile(files[table], "utf8");
    const lines = text === "" ? [] : text.slice(0, -1).split("\n");
    const head = `INSERT INTO ${quote(table)} (${COLUMNS[table].map(quote).join(", ")}) VALUES ?`;
    for (let i = 0; i < lines.length; i += BATCH_ROWS) {
      const batch = lines.slice(i, i + BATCH_ROWS).map((line) => line.split("\t").map(unescapeField));
      await conn.query(head, [batch]);
    }
  }
}

const UNESCAPES: Record<string, string> = { "\\": "\\", t: "\t", n: "\n", r: "\r", "0": "\0" };

function unescapeField(field: string): string {
  return field.includes("\\") ? field.replace(/\\(.)/g, (_, ch: string) => UNESCAPES[ch] ?? ch) : field;
}
