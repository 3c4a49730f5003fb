export { brokerRoute, routeTable, type AddressMap, type BrokerRoutes } from "./broker-route.ts";
export type { Address } from "./connection.ts";
export { formatNetFault, NO_FAULT, validateNetFault, type NetFault } from "./fault.ts";
export { createNetFaults, type LinkName, type NetFaults, type NetLink, type NetLinkSummary } from "./net-faults.ts";
export { followedBy } from "./followed-target.ts";
export { parseNetFault } from "./parse-fault.ts";
export {
  createFaultProxyServer,
  startFaultProxy,
  type FaultProxy,
  type FaultProxyOptions,
  type FaultProxyServer,
} from "./proxy.ts";
