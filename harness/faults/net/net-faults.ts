import type { ISocketFactory } from "kafkajs";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { brokerRoute, routeTable, type AddressMap } from "./broker-route.ts";
import type { Address } from "./connection.ts";
import { formatNetFault, NO_FAULT, validateNetFault, type NetFault } from "./fault.ts";
import { parseNetFault } from "./parse-fault.ts";
import { startFaultProxy, type FaultProxy } from "./proxy.ts";

/** `<client>-><server>`, named after the components: "rest-proxy->kafka", "sink->s3". */
export type LinkName = `${string}->${string}`;

const LINK_NAME = /^[\w.-]+->[\w.-]+$/;

/** The connections from one component to another, each target behind its own proxy. */
export interface NetLink {
  name: LinkName;
  /** One per target, in the order the targets were given. */
  proxies: FaultProxy[];
  /** Where the client should connect instead of a target; an address that is not a target is an error. */
  route: AddressMap;
  /** For a kafkajs client of the link: every broker connection goes through its broker's proxy. */
  socketFactory: ISocketFactory;
  fault(): NetFault;
  /** The server side is going down on purpose: its proxies refuse new connections, as the server would. */
  targetDown(): void;
  /** The server side is back: its proxies accept again. */
  targetUp(): Promise<void>;
}

export interface NetLinkSummary {
  name: LinkName;
  /** The CLI form, e.g. `latency=200ms`. */
  fault: string;
  proxies: Array<{ listen: string; target: string }>;
}

export interface NetFaults {
  /** Starts one proxy per target (each Kafka broker, or the single S3 endpoint) for a named link. */
  add(
    name: LinkName,
    targets: Address | Address[],
    options?: { host?: string; fault?: NetFault; followTarget?: boolean },
  ): Promise<NetLink>;
  get(name: LinkName): NetLink;
  /** Stops a link's proxies and forgets it (a link that lives as long as one emulator run); unknown names are ignored. */
  remove(name: LinkName): Promise<void>;
  /** Sets a link's fault, given as a NetFault or in the CLI form (`latency=200ms`, `bandwidth=1mb/s`, `reset`…). */
  set(name: LinkName, fault: NetFault | string): void;
  list(): NetLinkSummary[];
  stopAll(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function invalid(message: string, context: Record<string, unknown>): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, message, { context });
}

/** The faultable links of a stack, by name. */
export function createNetFaults(): NetFaults {
  const links = new Map<LinkName, NetLink>();

  const get = (name: LinkName): NetLink => {
    const link = links.get(name);
    if (link) return link;
    const known = [...links.keys()].join(", ") || "none";
    throw invalid(`no network link "${name}" (links: ${known})`, { link: name });
  };

  const stopAll = async (): Promise<void> => {
    const proxies = [...links.values()].flatMap((link) => link.proxies);
    links.clear();
    await Promise.all(proxies.map((proxy) => proxy.stop()));
  };

  return {
    async add(name, targets, options = {}) {
      if (!LINK_NAME.test(name)) {
        throw invalid(`network link "${name}" must be named <client>-><server>, e.g. rest-proxy->kafka`, {
          link: name,
        });
      }
      if (links.has(name)) throw invalid(`network link "${name}" already exists`, { link: name });
      const fault = validateNetFault(options.fault ?? NO_FAULT);
      const list = Array.isArray(targets) ? targets : [targets];
      const proxies: FaultProxy[] = [];
      try {
        for (const target of list) {
          proxies.push(
            await startFaultProxy({ target, host: options.host, fault, followTarget: options.followTarget }),
          );
        }
      } catch (error) {
        await Promise.all(proxies.map((proxy) => proxy.stop()));
        throw error;
      }
      const route = routeTable(proxies.map((proxy) => ({ from: proxy.target, to: proxy })));
      const link: NetLink = {
        name,
        proxies,
        route,
        socketFactory: brokerRoute(route),
        fault: () => proxies[0]?.fault() ?? fault,
        targetDown: () => {
          for (const proxy of proxies) proxy.targetDown();
        },
        targetUp: async () => {
          await Promise.all(proxies.map((proxy) => proxy.targetUp()));
        },
      };
      links.set(name, link);
      return link;
    },
    get,
    async remove(name) {
      const link = links.get(name);
      if (!link) return;
      links.delete(name);
      await Promise.all(link.proxies.map((proxy) => proxy.stop()));
    },
    set(name, fault) {
      const link = get(name);
      const parsed = typeof fault === "string" ? parseNetFault(fault) : validateNetFault(fault);
      for (const proxy of link.proxies) proxy.set(parsed);
    },
    list: () =>
      [...links.values()].map((link) => ({
        name: link.name,
        fault: formatNetFault(link.fault()),
        proxies: link.proxies.map((proxy) => ({
          listen: `${proxy.host}:${proxy.port}`,
          target: `${proxy.target.host}:${proxy.target.port}`,
        })),
      })),
    stopAll,
    [Symbol.asyncDispose]: stopAll,
  };
}
