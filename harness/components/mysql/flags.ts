/** MySQL 8.0's default sql_mode: without it, queries that MySQL rejects (non-grouped SELECTs) pass natively. */
export const MYSQL8_SQL_MODE =
  "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

// A small redo log keeps a fresh data directory at ~30 MB instead of ~110 MB, so creating one per stack is cheap.
const INNODB_LOG_FILE_SIZE = "--innodb-log-file-size=16M";

export function installDbArgs(datadir: string): string[] {
  return [
    "--no-defaults",
    "--user=root",
    `--datadir=${datadir}`,
    // The default (unix_socket) would make root unusable over TCP, which is how every client connects.
    "--auth-root-authentication-method=normal",
    "--skip-test-db",
    INNODB_LOG_FILE_SIZE,
  ];
}

export interface ServerArgs {
  datadir: string;
  socket: string;
  port: number;
  host: string;
  pidFile: string;
}

export function serverArgs(args: ServerArgs): string[] {
  return [
    // Must come first: it keeps /etc/mysql from changing the server under the specs.
    "--no-defaults",
    "--user=root",
    `--datadir=${args.datadir}`,
    `--socket=${args.socket}`,
    `--port=${args.port}`,
    `--bind-address=${args.host}`,
    `--pid-file=${args.pidFile}`,
    "--skip-name-resolve",
    "--skip-log-bin",
    INNODB_LOG_FILE_SIZE,
    `--sql-mode=${MYSQL8_SQL_MODE}`,
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci",
    "--explicit-defaults-for-timestamp=ON",
    "--default-time-zone=+00:00",
    "--local-infile=1",
    "--max-allowed-packet=64M",
  ];
}
