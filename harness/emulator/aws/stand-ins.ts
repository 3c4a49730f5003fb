import { readFile, writeFile } from "node:fs/promises";
import { delimiter } from "node:path";
import { fileURLToPath } from "node:url";
import type { MysqlEndpoint } from "../../components/mysql/index.ts";
import { startRdsEndpoint, type RdsEvent, type StartedRdsEndpoint } from "../../components/mysql/rds/index.ts";
import {
  startExecuteApiProxy,
  type GatewayTarget,
  type StartedExecuteApiProxy,
} from "../../components/gateway/https-proxy/index.ts";

/** The folder holding the `sitecustomize.py` that maps AWS names inside the emulator's Python processes. */
export const PYTHON_HOOK_DIR = fileURLToPath(new URL("./hook/", import.meta.url));

/** What the emulator's processes resolved (or were refused), as the hook notes it; pid 0 for a proxy tunnel. */
export interface NameEvent {
  type: "rds" | "execute-api" | "refused";
  host: string;
  port: number | string | null;
  pid: number;
}

export interface AwsStandInsOptions {
  /** The stack's MySQL, with the admin login: the RDS endpoint makes its read-only login there. */
  mysql: MysqlEndpoint;
  /** The stack's gateway; without it, execute-api hosts are refused like any other. */
  gateway?: GatewayTarget;
  /** Holds the CA that signs the execute-api certificates. */
  cacheDir: string;
  /** Where the hook notes each name it answered or refused (JSONL); started afresh. */
  eventsFile: string;
}

export interface StartedAwsStandIns {
  rds: StartedRdsEndpoint;
  executeApi?: StartedExecuteApiProxy;
  /** The login pinpipe hands out itself (db_creds.yaml, PINPIPE_DB_*): the RDS endpoint takes any. */
  login: MysqlEndpoint;
  /** The variables that make the emulator's processes, and only them, use the stand-ins. */
  env(basePythonPath: string | undefined): Record<string, string>;
  nameEvents(): Promise<NameEvent[]>;
  /** Logins, queries with no row and refused queries seen by the RDS endpoint, in order. */
  rdsEvents: RdsEvent[];
  stop(): Promise<void>;
}

/** The course's login, as its scripts hold it; the password is never checked, so any will do. */
const COURSE_USER = "project_user";
const COURSE_PASSWORD = "pinpipe-local";

/**
 * Starts the local stand-ins for the AWS hosts an emulator names: the course's RDS host (a MySQL endpoint that
 * takes any login into a read-only session) and the API Gateway invoke URLs (TLS with pinpipe's CA). They live as
 * long as one emulator run, and only that run's processes are pointed at them.
 */
export async function startAwsStandIns(options: AwsStandInsOptions): Promise<StartedAwsStandIns> {
  const rdsEvents: RdsEvent[] = [];
  const proxied = new Set<string>();
  await writeFile(options.eventsFile, "");
  const rds = await startRdsEndpoint({ server: options.mysql, onEvent: (event) => rdsEvents.push(event) });
  let executeApi: StartedExecuteApiProxy | undefined;
  try {
    if (options.gateway) {
      executeApi = await startExecuteApiProxy({
        gateway: options.gateway,
        cacheDir: options.cacheDir,
        // Clients that honour HTTPS_PROXY never resolve the name, so the hook cannot tell: the proxy does.
        onHost: (host) => proxied.add(host),
      });
    }
  } catch (error) {
    await rds.stop();
    throw error;
  }
  const names = {
    rds: { host: rds.host, port: rds.port },
    executeApi: executeApi ? { host: executeApi.host, port: executeApi.tlsPort } : null,
    events: options.eventsFile,
  };
  return {
    rds,
    executeApi,
    login: {
      host: rds.host,
      port: rds.port,
      user: COURSE_USER,
      password: COURSE_PASSWORD,
      database: options.mysql.database,
    },
    env: (basePythonPath) => ({
      ...executeApi?.env(),
      PINPIPE_AWS_NAMES: JSON.stringify(names),
      PYTHONPATH: [PYTHON_HOOK_DIR, basePythonPath].filter(Boolean).join(delimiter),
    }),
    nameEvents: async () => {
      const text = await readFile(options.eventsFile, "utf8").catch(() => "");
      const resolved = text
        .split("\n")
        .filter((line) => line.trim() !== "")
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as NameEvent];
          } catch {
            return [];
          }
        });
      const tunnelled = [...proxied].map((host): NameEvent => ({ type: "execute-api", host, port: 443, pid: 0 }));
      return [...resolved, ...tunnelled];
    },
    rdsEvents,
    stop: async () => {
      await Promise.allSettled([rds.stop(), executeApi?.stop()]);
    },
  };
}
