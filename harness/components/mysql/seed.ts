import mysql from "mysql2/promise";
import { DEFAULT_ROWS, DEFAULT_SEED } from "../../../fixtures/generator/dataset.ts";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { cachedDataset } from "./seed-cache.ts";
import { infileFactory, loadWithInserts, loadWithLoadData } from "./seed-load.ts";
import { schemaStatements } from "./seed-schema.ts";

export interface SeedOptions {
  seed?: number;
  rows?: number;
  cacheDir: string;
  log?: (line: string) => void;
}

export interface SeedTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

// The server refuses LOAD DATA LOCAL: local_infile is off (MySQL 8's default) or the client flag was refused.
const LOCAL_INFILE_REFUSED = new Set([1148, 2068, 3948, 4166]);

/** Creates the three tables in `target.database` and loads the dataset; reuses a cached generated dataset keyed by seed+rows+generator version. */
export async function seedPinterestData(
  target: SeedTarget,
  options: SeedOptions,
): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const rows = options.rows ?? DEFAULT_ROWS;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new PinpipeError(ErrorCode.InvalidOption, `fixture seed must be a whole number 0..4294967295, got ${seed}`);
  }
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new PinpipeError(ErrorCode.InvalidOption, `fixture rows must be a whole number >= 0, got ${rows}`);
  }

  const dataset = await cachedDataset(seed, rows, options.cacheDir).catch((error: unknown) => {
    throw new PinpipeError(
      ErrorCode.ProvisionFailed,
      `generating the Pinterest fixtures under ${options.cacheDir} failed: ${(error as Error).message}; ` +
        "check that the cache directory (PINPIPE_CACHE_DIR) is writable",
      { context: { component: "mysql", cacheDir: options.cacheDir }, cause: error },
    );
  });
  let conn: mysql.Connection | undefined;
  try {
    conn = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      charset: "utf8mb4_unicode_ci",
      infileStreamFactory: infileFactory(dataset.files),
    });
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${target.database.replace(/`/g, "``")}\``).catch(() => {
      // A user without CREATE on the server may still own an existing database; USE below says if not.
    });
    await conn.query(`USE \`${target.database.replace(/`/g, "``")}\``);
    for (const statement of await schemaStatements()) await conn.query(statement);
    await conn.query("SET SESSION unique_checks = 0, foreign_key_checks = 0");
    await conn.beginTransaction();
    let method = "LOAD DATA";
    try {
      await loadWithLoadData(conn, dataset.files, rows);
    } catch (error) {
      const errno = (error as { errno?: number }).errno;
      if (errno === undefined || !LOCAL_INFILE_REFUSED.has(errno)) throw error;
      await conn.rollback();
      await conn.beginTransaction();
      method = "INSERT";
      await loadWithInserts(conn, dataset.files);
    }
    await conn.commit();
    const ms = Math.round(performance.now() - started);
    log(
      `mysql: seeded ${rows} rows per table into ${target.database} (seed ${seed}, ${method}, ` +
        `${dataset.generated ? "generated" : "cached"} dataset) in ${ms} ms`,
    );
    return { rows, ms };
  } catch (error) {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `seeding the Pinterest fixtures into ${target.database} at ${target.host}:${target.port} failed: ` +
        `${(error as Error).message}; check that the MySQL user may create tables in that database`,
      {
        context: { component: "mysql", host: target.host, port: target.port, database: target.database },
        cause: error,
      },
    );
  } finally {
    await conn?.end().catch(() => {});
  }
}
