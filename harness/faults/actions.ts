import { ErrorCode, PinpipeError } from "../errors.ts";
import type { GatewayFaults } from "../components/gateway/faults.ts";
import { parseNetFault, type LinkName, type NetFault } from "./net/index.ts";

/** The components a fault can end and bring back; `kafka-<node id>` is one broker of the cluster. */
export const FAULT_COMPONENTS = ["rest-proxy", "kafka", "sink", "s3", "mysql"] as const;
export type FaultComponent = (typeof FAULT_COMPONENTS)[number] | `kafka-${number}`;

export const COMPONENT_ACTIONS = ["kill", "stop", "start", "restart"] as const;
export type ComponentAction = (typeof COMPONENT_ACTIONS)[number];

/** One fault, as `pinpipe fault` and a scenario's `do:` write it. */
export type FaultAction =
  | { type: "component"; component: FaultComponent; action: ComponentAction }
  | { type: "net"; link: LinkName; fault: NetFault }
  | { type: "gateway"; faults: GatewayFaults };

const FORMS =
  "write `<component> kill|stop|start|restart` (components: rest-proxy, kafka, kafka-<node id>, sink, s3, mysql), " +
  "`net <from>-><to> latency=200ms|bandwidth=1mb/s|reset|blackhole|off`, or " +
  "`gateway latency=200ms error-rate=0.1 throttle=5/10 timeout=2000 seed=1` (`gateway off` clears them)";

function invalid(text: string, why: string): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, `fault "${text}": ${why}; ${FORMS}`, { context: { fault: text } });
}

function isComponent(name: string): name is FaultComponent {
  return (FAULT_COMPONENTS as readonly string[]).includes(name) || /^kafka-\d+$/.test(name);
}

function millisecondsOf(text: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value);
  if (!match) throw invalid(text, `"${value}" is not a duration like 200ms or 2s`);
  return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
}

function numberOf(text: string, value: string, what: string): number {
  const number = Number(value);
  if (value === "" || !Number.isFinite(number)) throw invalid(text, `${what} "${value}" is not a number`);
  return number;
}

function parseGateway(text: string, settings: string[]): GatewayFaults {
  if (settings.length === 1 && settings[0] === "off") return {};
  if (settings.length === 0) throw invalid(text, "the gateway fault needs a setting");
  const faults: GatewayFaults = {};
  for (const setting of settings) {
    const [name = "", value = ""] = setting.split("=", 2);
    if (name === "latency") faults.latencyMs = millisecondsOf(text, value);
    else if (name === "jitter") faults.jitterMs = millisecondsOf(text, value);
    else if (name === "timeout") faults.timeoutMs = millisecondsOf(text, value);
    else if (name === "error-rate") faults.errorRate = numberOf(text, value, "error-rate");
    else if (name === "seed") faults.seed = numberOf(text, value, "seed");
    else if (name === "throttle") {
      // `5` is 5 requests/s with a burst of 5; `5/10` names the burst.
      const [rate = "", burst] = value.split("/", 2);
      const rateLimit = numberOf(text, rate, "throttle rate");
      faults.throttle = { rateLimit, burstLimit: burst === undefined ? rateLimit : numberOf(text, burst, "burst") };
    } else throw invalid(text, `unknown gateway setting "${setting}"`);
  }
  return faults;
}

/** Reads one fault: `sink kill`, `net rest-proxy->kafka latency=200ms`, `gateway throttle=5/10`. */
export function parseFaultAction(text: string): FaultAction {
  const [target = "", ...rest] = text.trim().split(/\s+/);
  if (target === "net") {
    const [link = "", ...fault] = rest;
    if (!/^[a-z0-9-]+->[a-z0-9-]+$/.test(link)) throw invalid(text, `"${link}" is not a link like rest-proxy->kafka`);
    return { type: "net", link: link as LinkName, fault: parseNetFault(fault.join(" ")) };
  }
  if (target === "gateway") return { type: "gateway", faults: parseGateway(text, rest) };
  if (!isComponent(target)) throw invalid(text, `unknown target "${target}"`);
  const [action = ""] = rest;
  if (rest.length !== 1 || !(COMPONENT_ACTIONS as readonly string[]).includes(action)) {
    throw invalid(text, `a component takes one of ${COMPONENT_ACTIONS.join(", ")}`);
  }
  return { type: "component", component: target, action: action as ComponentAction };
}
