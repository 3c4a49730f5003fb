import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { ManagedProcess } from "../../runtime/process.ts";
import { freePort, assertPortFree } from "../../runtime/ports.ts";
import { PREREQUISITES, requireExecutable } from "../../runtime/prerequisites.ts";
import { pollUntil, waitForLogLine } from "../../runtime/wait.ts";
import { outputTail, runToCompletion } from "../../runtime/run-command.ts";
import type { ComponentPlacement } from "../types.ts";
import { installDbArgs, serverArgs } from "./flags.ts";
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

/** Starts a private MariaDB with MySQL 8 behaviour: own datadir, port and socket, root password over TCP. */
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
  const datadir = join(home, "data");
  // Unix socket paths are limited to ~107 bytes, and a project folder can be deep: keep it in tmp.
  const socket = join(tmpdir(), `pinpipe-mysql-${randomBytes(6).toString("hex")}.sock`);

  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  const install = await runToCompletion(installDb, installDbArgs(datadir));
  if (install.code !== 0) {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `mysql: mariadb-install-db failed (exit ${install.code}):\n${outputTail(install.output)}`,
      { context: { component: "mysql", command: installDb } },
    );
  }

  const server = await ManagedProcess.spawn({
    name: "mysql",
    command: mariadbd,
    args: serverArgs({ datadir, socket, port, host, pidFile: join(home, "mariadbd.pid") }),
    logFile: join(options.logDir, "mysql.log"),
    stopTimeoutMs: 15_000,
  });
  const cleanup = async (): Promise<void> => {
    await server.stop();
    await rm(socket, { force: true });
  };
  try {
    const timeoutMs = options.readyTimeoutMs ?? 30_000;
    await waitForLogLine(server, /ready for connections/, {
      name: "mysql: ready for connections",
      timeoutMs,
      process: server,
    });
    const admin = await pollUntil(
      () => mysql.createConnection({ socketPath: socket, user: "root", multipleStatements: true }),
      { name: "mysql: root login over the socket", timeoutMs, process: server },
    );
    try {
      await admin.query(
        [
          // mariadb-install-db also makes root@<hostname>, which --skip-name-resolve can never match anyway.
          "DELETE FROM mysql.global_priv WHERE User = 'root' AND Host NOT IN ('localhost', '127.0.0.1', '::1')",
          "FLUSH PRIVILEGES",
          ...["localhost", "127.0.0.1", "::1"].map((h) => `ALTER USER 'root'@'${h}' IDENTIFIED BY ${quote(password)}`),
          `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
        ].join(";\n"),
      );
    } finally {
      await admin.end();
    }
  } catch (error) {
    await cleanup();
    throw error;
  }

  const stop = cleanup;
  return {
    host,
    port,
    user: "root",
    password,
    database,
    stop,
    kill: async () => {
      await server.kill();
      await rm(socket, { force: true });
    },
    [Symbol.asyncDispose]: stop,
  };
}
