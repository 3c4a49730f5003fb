import { randomBytes } from "node:crypto";
import { MySqlContainer } from "@testcontainers/mysql";
import mysql from "mysql2/promise";
import { pinnedImages } from "../../runtime/images.ts";
import { fixedPort, hostPortFor, type FixedPort } from "../../runtime/container-ports.ts";
import { pollReady, startedContainerRun } from "../../runtime/container-run.ts";
import { restartable } from "../restartable.ts";
import { PINTEREST_DATABASE, type MysqlEndpoint, type StartedMysql } from "./index.ts";

/** The port MySQL listens on inside its container. */
export const MYSQL_CONTAINER_PORT = 3306;

export interface ContainerMysqlOptions {
  image?: string;
  password?: string;
  database?: string;
  /** The host port; 0 or absent picks a free one. Fixed, so that a start in place keeps it. */
  port?: number;
}

export interface MysqlContainerSettings {
  image: string;
  database: string;
  rootPassword: string;
  /** mysqld flags: the image's MySQL 8 defaults plus what the native runtime also sets. */
  command: string[];
  exposedPort: FixedPort;
  /** How long the first start, and each start in place, may take to accept a login. */
  startupTimeoutMs: number;
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function mysqlContainerSettings(options: ContainerMysqlOptions & { port: number }): MysqlContainerSettings {
  return {
    image: options.image ?? pinnedImages().mysql,
    database: options.database ?? PINTEREST_DATABASE,
    rootPassword: options.password ?? randomBytes(12).toString("hex"),
    command: [
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
      "--default-time-zone=+00:00",
      "--local-infile=1",
      "--max-allowed-packet=67108864",
      "--skip-log-bin",
    ],
    exposedPort: fixedPort("mysql", MYSQL_CONTAINER_PORT, options.port),
    // The image's own first start initialises the datadir before it listens.
    startupTimeoutMs: 120_000,
  };
}

/** The container as Testcontainers' MySQL module creates it, not yet started. */
export function mysqlContainerBuilder(settings: MysqlContainerSettings): MySqlContainer {
  return (
    new MySqlContainer(settings.image)
      .withDatabase(settings.database)
      .withRootPassword(settings.rootPassword)
      .withCommand(settings.command)
      // After the module's own (random) binding of 3306, so that this one is the one Docker gets.
      .withExposedPorts(settings.exposedPort)
      .withStartupTimeout(settings.startupTimeoutMs)
  );
}

/** Ready as a client sees it: a root login over TCP and a query answered. */
function loginAndQuery(endpoint: MysqlEndpoint): () => Promise<true> {
  return async () => {
    const { host, port, user, password, database } = endpoint;
    const connection = await mysql.createConnection({ host, port, user, password, database, connectTimeout: 5000 });
    try {
      await connection.query("SELECT 1");
      return true;
    } finally {
      await connection.end();
    }
  };
}

/**
 * MySQL 8 itself, in a container (Testcontainers), for machines with a Docker engine. `start()` after `stop()` or
 * `kill()` starts the same container again on the same host port: the datadir (the image's volume) keeps the seeded
 * tables and every user created since, and the image skips its initialisation on a datadir that has one.
 */
export async function startContainerMysql(options: ContainerMysqlOptions = {}): Promise<StartedMysql> {
  const settings = mysqlContainerSettings({ ...options, port: await hostPortFor(options.port) });
  const container = await mysqlContainerBuilder(settings).start();
  const endpoint: MysqlEndpoint = {
    host: container.getHost(),
    port: container.getPort(),
    user: "root",
    password: settings.rootPassword,
    database: settings.database,
  };
  const run = await startedContainerRun(container, {
    component: "mysql",
    hostPorts: [settings.exposedPort.host],
    ready: pollReady("mysql: a root login and a query", settings.startupTimeoutMs, loginAndQuery(endpoint)),
  });
  return restartable(endpoint, run.first, run.launch, run.remove);
}
