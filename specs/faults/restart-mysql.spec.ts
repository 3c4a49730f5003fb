import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql, { type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNativeMysql, type StartedMysql } from "../../harness/components/mysql/index.ts";
import { createReaderLogin } from "../../harness/components/mysql/rds/reader-user.ts";
import { seedPinterestData } from "../../harness/components/mysql/seed.ts";
import { config } from "../../harness/config.ts";
import { processesMentioning } from "../support/processes.ts";

// A MySQL of its own (not the shared stack's), so that killing it disturbs no other spec.
const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-restart-mysql-"));
const logFile = join(stackDir, "logs", "mysql.log");
const ROWS = 40;
let server: StartedMysql;
let reader: { user: string; password: string };

beforeAll(async () => {
  server = await startNativeMysql({ stackDir, logDir: join(stackDir, "logs"), cacheDir: config().cacheDir });
  await seedPinterestData(server, { rows: ROWS, cacheDir: config().cacheDir });
  // Created after the seed, as the RDS endpoint creates its read-only login on a running stack.
  reader = await createReaderLogin(server);
  await query(
    server,
    "INSERT INTO pinterest_data SELECT `index` + 1000, unique_id, title, description, poster_name, follower_count, tag_list, is_image_or_video, image_src, downloaded, save_location, category FROM pinterest_data WHERE `index` = (SELECT MIN(`index`) FROM pinterest_data)",
  );
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(stackDir, { recursive: true, force: true });
});

async function query(
  login: { host: string; port: number; user: string; password: string },
  sql: string,
): Promise<RowDataPacket[]> {
  const { host, port, user, password } = login;
  const db = await mysql.createConnection({ host, port, user, password, database: "pinterest_data" });
  try {
    const [rows] = await db.query<RowDataPacket[]>(sql);
    return rows;
  } finally {
    await db.end();
  }
}

/** What a client sees: the stack's address and root login, the seeded rows and the row added later, the reader. */
async function expectSameData(): Promise<void> {
  const [count] = await query(server, "SELECT COUNT(*) AS n FROM pinterest_data");
  expect(Number(count?.n)).toBe(ROWS + 1);
  const [asReader] = await query({ ...server, ...reader }, "SELECT COUNT(*) AS n FROM user_data");
  expect(Number(asReader?.n)).toBe(ROWS);
}

const serverPids = (): number[] => processesMentioning(join(stackDir, "mysql", "data"));
const shutdowns = (): number => (readFileSync(logFile, "utf8").match(/mariadbd: Shutdown complete/g) ?? []).length;

describe("mysql started again in place", () => {
  it("comes back on the same port with the same login after a kill, its rows and users kept", async () => {
    const [pid] = serverPids();
    expect(pid).toBeDefined();
    await server.kill();
    expect(server.running).toBe(false);
    // A crash: the process is gone, and it never logged a shutdown.
    expect(serverPids()).toEqual([]);
    expect(shutdowns()).toBe(0);
    await expect(query(server, "SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });

    await server.start();
    expect(server.running).toBe(true);
    expect(serverPids()).not.toContain(pid);
    await expectSameData();
    // The log goes on where the first run's ended.
    expect(readFileSync(logFile, "utf8").match(/ready for connections/g)?.length).toBe(2);
  }, 60_000);

  it("comes back after a graceful stop too, and stop() and kill() work again each time", async () => {
    await server.stop();
    await server.stop();
    expect(server.running).toBe(false);
    expect(serverPids()).toEqual([]);
    expect(shutdowns()).toBe(1);
    await server.start();
    await server.start();
    await expectSameData();
    await server.kill();
    expect(serverPids()).toEqual([]);
    await server.start();
    await expectSameData();
  }, 90_000);

  it("leaves no process behind once stopped", async () => {
    await server.stop();
    expect(processesMentioning(stackDir)).toEqual([]);
  });
});
