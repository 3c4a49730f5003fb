import type { StartedComponent } from "../types.ts";

export const PINTEREST_DATABASE = "pinterest_data";

/** Connection facts of a started MySQL (MariaDB natively, MySQL 8 in a container). */
export interface MysqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface StartedMysql extends StartedComponent, MysqlEndpoint {}

export { startNativeMysql, type NativeMysqlOptions } from "./native.ts";
export type { RdsEndpointOptions, RdsEvent, StartedRdsEndpoint } from "./rds/index.ts";
