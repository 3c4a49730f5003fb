import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { ManagedProcess } from "../../runtime/process.ts";
import { freePort, assertPortFree } from "../../runtime/ports.ts";
import { PREREQUISITES, requireExecutable } from "../../runtime/prerequisites.ts";
import { pollUntil, waitForLogLine } from "../../runtime/wait.ts";
import { restartable, type Run } from "../restartable.ts";
import type { ComponentPlacement } from "../types.ts";
import { copyFreshDatadir } from "./datadir-template.ts";
import { serverArgs } from "./flags.ts";
import { PINTEREST_DATABASE, type StartedMysql } from "./index.ts";

export interface NativeMysqlOptions extends ComponentPlacement {
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  password?: string;
  database?: string;
  readyTimeoutMs?: number;
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

interface MysqlPlace {
  mariadbd: string;
  host: string;
  port: number;
  password: string;
  database: string;
  home: string;
  datadir: string;
  socket: string;
  logFile: string;
  timeoutMs: number;
}

/**
 * Runs mariadbd on the datadir and waits until it is ready: the log line, then a login. The first run logs in as
 * root over the socket (the datadir is fresh: root has no password yet) and sets what clients use; a later run
 * logs in over TCP as clients do, and changes nothing.
 */
async function runServer(place: MysqlPlace, firstRun: boolean): Promise<Run> {
  // A fixed port must be free again (a kill frees it at once); say so rather than let mariadbd fail to bind.
  if (!firstRun) await assertPortFree(place.port, place.host, "mysql");
  const server = await ManagedProcess.spawn({
    name: "mysql",
    command: place.mariadbd,
    args: serverArgs({ ...place, pidFile: join(place.home, "mariadbd.pid") }),
    logFile: place.logFile,
    appendLog: !firstRun,
    stopTimeoutMs: 15_000,
  });
  const ended = async (how: "stop" | "kill"): Promise<void> => {
    await server[how]();
    await rm(place.socket, { force: true });
  };
  try {
    const wait = { timeoutMs: place.timeoutMs, process: server };
    await waitForLogLine(server, /ready for connections/, { name: "mysql: ready for connections", ...wait });
    const login = firstRun
      ? () => mysql.createConnection({ socketPath: place.socket, user: "root", multipleStatements: true })
      : () => mysql.createConnection({ host: place.host, port: place.port, user: "root", password: place.password });
    const admin = await pollUntil(login, {
      name: firstRun ? "mysql: root login over the socket" : "mysql: root login over TCP",
      ...wait,
    });
    try {
      if (firstRun) await admin.query(firstRunStatements(place.password, place.database));
    } finally {
      await admin.end();
    }
  } catch (error) {
    await ended("stop");
    throw error;
  }
  return { stop: () => ended("stop"), kill: () => ended("kill"), alive: () => server.running };
}

function firstRunStatements(password: string, database: string): string {
  return [
    // mariadb-install-db also makes root@<hostname>, which --skip-name-resolve can never match anyway.
    "DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1')",
    "FLUSH PRIVILEGES",
    ...["localhost", "127.0.0.1", "::1"].map((h) => `ALTER USER 'root'@'${h}' IDENTIFIED BY ${quote(password)}`),
    `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  ].join(";\n");
}

/**
 * Starts a private MariaDB with MySQL 8 behaviour: own datadir, port and socket, root password over TCP.
 * `start()` after `stop()` or `kill()` runs the server again on the same datadir, port, socket and password:
 * the seeded tables and every user created since are still there (InnoDB recovers after a kill).
 */
export async function startNativeMysql(options: NativeMysqlOptions): Promise<StartedMysql> {
  const [mariadbd, installDb] = await Promise.all([
    requireExecutable(PREREQUISITES.mariadbd),
    requireExecutable(PREREQUISITES.mariadbInstallDb),
  ]);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ? options.port : await freePort(host);
  if (options.port) await assertPortFree(port, host, "mysql");
  const password = options.password ?? randomBytes(12).toString("hex");
  const database = options.database ?? PINTEREST_DATABASE;
  const home = join(options.stackDir, "mysql");
  const place: MysqlPlace = {
    mariadbd,
    host,
    port,
    password,
    database,
    home,
    datadir: join(home, "data"),
    // Unix socket paths are limited to ~107 bytes, and a project folder can be deep: keep it in tmp.
    socket: join(tmpdir(), `pinpipe-mysql-${randomBytes(6).toString("hex")}.sock`),
    logFile: join(options.logDir, "mysql.log"),
    timeoutMs: options.readyTimeoutMs ?? 30_000,
  };

  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  await copyFreshDatadir(mariadbd, installDb, place.datadir, options.cacheDir);
  const first = await runServer(place, true);
  return restartable({ host, port, user: "root", password, database }, first, () => runServer(place, false));
}
