import type { GatewayFaults } from "../components/gateway/faults.ts";
import type { StartedKafka } from "../components/kafka/index.ts";
import type { Restartable } from "../components/types.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { parseFaultAction, type ComponentAction, type FaultAction, type FaultComponent } from "./actions.ts";
import { formatNetFault, type NetFaults, type NetLinkSummary } from "./net/index.ts";

/** One fault as it was applied: when, what, and whether it took. */
export interface AppliedFault {
  /** ms since the stack was ready. */
  atMs: number;
  /** The fault in the form `pinpipe fault` takes. */
  action: string;
  ok: boolean;
  /** How long it took: a start waits until the component is ready again. */
  tookMs: number;
  error?: string;
}

/** Faults on a running stack: `await stack.faults.apply("sink kill")`, then `"sink start"`. */
export interface StackFaults {
  apply(action: FaultAction | string): Promise<AppliedFault>;
  /** Every fault applied so far, in order. */
  readonly applied: readonly AppliedFault[];
  /** The network links that can be faulted, with their current fault. */
  links(): NetLinkSummary[];
}

export interface FaultTargets {
  components: Record<"rest-proxy" | "sink" | "s3" | "mysql", Restartable>;
  kafka: StartedKafka;
  gateway: { setFaults(faults: GatewayFaults): Promise<void> };
  net: NetFaults;
}

function describe(action: FaultAction): string {
  if (action.type === "component") return `${action.component} ${action.action}`;
  if (action.type === "net") return `net ${action.link} ${formatNetFault(action.fault)}`;
  const f = action.faults;
  const settings = [
    f.latencyMs !== undefined && `latency=${f.latencyMs}ms`,
    f.jitterMs !== undefined && `jitter=${f.jitterMs}ms`,
    f.errorRate !== undefined && `error-rate=${f.errorRate}`,
    f.throttle !== undefined && `throttle=${f.throttle.rateLimit}/${f.throttle.burstLimit}`,
    f.timeoutMs !== undefined && `timeout=${f.timeoutMs}ms`,
    f.seed !== undefined && `seed=${f.seed}`,
  ].filter(Boolean);
  return `gateway ${settings.length > 0 ? settings.join(" ") : "off"}`;
}

function target(targets: FaultTargets, component: FaultComponent): Restartable {
  if (component === "kafka") return targets.kafka;
  const broker = /^kafka-(\d+)$/.exec(component);
  if (broker) {
    const nodeId = Number(broker[1]);
    const found = targets.kafka.brokers.find((b) => b.nodeId === nodeId);
    if (!found) {
      const ids = targets.kafka.brokers.map((b) => b.nodeId).join(", ");
      throw new PinpipeError(ErrorCode.InvalidOption, `no broker ${nodeId} in this cluster (node ids: ${ids})`);
    }
    return found;
  }
  return targets.components[component as keyof FaultTargets["components"]];
}

async function act(component: Restartable, action: ComponentAction): Promise<void> {
  if (action === "restart") {
    await component.stop();
    await component.start();
  } else await component[action]();
}

export function createStackFaults(targets: FaultTargets): StackFaults {
  const applied: AppliedFault[] = [];
  const zero = performance.now();
  const run = (action: FaultAction): Promise<void> => {
    if (action.type === "component") return act(target(targets, action.component), action.action);
    if (action.type === "gateway") return targets.gateway.setFaults(action.faults);
    targets.net.set(action.link, action.fault);
    return Promise.resolve();
  };
  return {
    applied,
    links: () => targets.net.list(),
    async apply(given) {
      const action = typeof given === "string" ? parseFaultAction(given) : given;
      const started = performance.now();
      const record: AppliedFault = {
        atMs: Math.round(started - zero),
        action: describe(action),
        ok: true,
        tookMs: 0,
      };
      try {
        await run(action);
      } catch (error) {
        record.ok = false;
        record.error = (error as Error).message;
        throw error;
      } finally {
        record.tookMs = Math.round(performance.now() - started);
        applied.push(record);
      }
      return record;
    },
  };
}
