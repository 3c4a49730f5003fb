import { randomBytes } from "node:crypto";
import { MySqlContainer } from "@testcontainers/mysql";
import { GRACEFUL_STOP_MS, pinnedImages } from "../../runtime/images.ts";
import { startOnce } from "../restartable.ts";
import { PINTEREST_DATABASE, type StartedMysql } from "./index.ts";

export interface ContainerMysqlOptions {
  image?: string;
  password?: string;
  database?: string;
}

export interface MysqlContainerSettings {
  image: string;
  database: string;
  rootPassword: string;
  /** mysqld flags: the image's MySQL 8 defaults plus what the native runtime also sets. */
  command: string[];
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function mysqlContainerSettings(options: ContainerMysqlOptions = {}): MysqlContainerSettings {
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
  };
}

/** MySQL 8 itself, in a container (Testcontainers), for machines with a Docker engine. */
export async function startContainerMysql(options: ContainerMysqlOptions = {}): Promise<StartedMysql> {
  const settings = mysqlContainerSettings(options);
  const container = await new MySqlContainer(settings.image)
    .withDatabase(settings.database)
    .withRootPassword(settings.rootPassword)
    .withCommand(settings.command)
    .start();
  return startOnce(
    "mysql",
    {
      host: container.getHost(),
      port: container.getPort(),
      user: "root",
      password: settings.rootPassword,
      database: settings.database,
    },
    {
      stop: async () => {
        await container.stop({ timeout: GRACEFUL_STOP_MS });
      },
      kill: async () => {
        await container.stop({ timeout: 0 });
      },
    },
  );
}
