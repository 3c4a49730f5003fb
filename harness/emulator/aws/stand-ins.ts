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
  /** When given, the emulator reaches the stand-ins through these network-fault links (`emulator->mysql`…). */
  links?: EmulatorLinks;
}

/** The links an emulator run adds to its stack's network faults while it runs, and removes after. */
export type EmulatorLinkName = "emulator->mysql" | "emulator->gateway";

export interface EmulatorLinks {
  /**
   * Puts a fault proxy in front of each target; gives the addresses, in order, that the emulator uses instead, or
   * undefined when another run on the stack holds the link (that run's faults are not this one's).
   */
  add(name: EmulatorLinkName, targets: Address[]): Promise<Address[] | undefined>;
  remove(name: EmulatorLinkName): Promise<void>;
}

interface Address {
  host: string;
  port: number;
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
  let reach: Reach;
  try {
    reach = await reachThroughLinks(options.links, rds, executeApi);
  } catch (error) {
    await Promise.allSettled([rds.stop(), executeApi?.stop()]);
    throw error;
  }
  const names = {
    rds: reach.rds,
    executeApi: reach.executeApiTls ?? null,
    events: options.eventsFile,
  };
  const proxyEnv: Record<string, string> = reach.executeApiProxyUrl
    ? { HTTPS_PROXY: reach.executeApiProxyUrl, https_proxy: reach.executeApiProxyUrl }
    : {};
  return {
    rds,
    executeApi,
    login: {
      host: reach.rds.host,
      port: reach.rds.port,
      user: COURSE_USER,
      password: COURSE_PASSWORD,
      database: options.mysql.database,
    },
    env: (basePythonPath) => ({
      ...executeApi?.env(),
      ...proxyEnv,
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
      await Promise.allSettled([
        rds.stop(),
        executeApi?.stop(),
        ...reach.links.map((name) => options.links?.remove(name)),
      ]);
    },
  };
}

/** Where the emulator's processes reach each stand-in: the stand-in itself, or the proxy of its link. */
interface Reach {
  rds: Address;
  executeApiTls?: Address;
  executeApiProxyUrl?: string;
  /** The links added for this run, to remove when it ends. */
  links: EmulatorLinkName[];
}

async function reachThroughLinks(
  links: EmulatorLinks | undefined,
  rds: Address,
  executeApi: StartedExecuteApiProxy | undefined,
): Promise<Reach> {
  const tls = executeApi && { host: executeApi.host, port: executeApi.tlsPort };
  if (!links) return { rds, executeApiTls: tls, executeApiProxyUrl: executeApi?.proxyUrl, links: [] };
  const added: EmulatorLinkName[] = [];
  try {
    const rdsLink = await links.add("emulator->mysql", [{ host: rds.host, port: rds.port }]);
    if (rdsLink) added.push("emulator->mysql");
    const rdsVia = rdsLink?.[0] ?? rds;
    if (!executeApi || !tls) return { rds: rdsVia, links: added };
    // Both ways a script reaches the invoke URL: through HTTPS_PROXY, and straight to the name's TLS endpoint.
    const gatewayLink = await links.add("emulator->gateway", [{ host: executeApi.host, port: executeApi.port }, tls]);
    if (gatewayLink) added.push("emulator->gateway");
    const [proxyVia, tlsVia] = gatewayLink ?? [];
    return {
      rds: rdsVia,
      executeApiTls: tlsVia ?? tls,
      executeApiProxyUrl: proxyVia ? `http://${proxyVia.host}:${proxyVia.port}` : executeApi.proxyUrl,
      links: added,
    };
  } catch (error) {
    await Promise.allSettled(added.map((name) => links.remove(name)));
    throw error;
  }
}
