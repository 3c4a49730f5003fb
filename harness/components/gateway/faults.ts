import { ErrorCode, PinpipeError } from "../../errors.ts";
import type { ThrottleSetup } from "./setup.ts";
import { MIN_TIMEOUT_MS } from "./setup.ts";

/**
 * Faults switched on at run time. Each `setFaults` replaces the whole set: a key left out is off, and `{}` or
 * `"off"` restores the start-up setup.
 */
export interface GatewayFaults {
  /**
   * Extra time the gateway takes before it hands a call to its integration. It is the gateway's own time, not the
   * backend's: it shows in `$context.responseLatency` but not in `$context.integrationLatency`, and the
   * integration timeout does not count it.
   */
  latencyMs?: number;
  /** Up to this much more, drawn per call (uniform), so the wait is `latencyMs` to `latencyMs + jitterMs`. */
  jitterMs?: number;
  /**
   * Share of calls (0..1) that the gateway fails itself, without calling the integration: 500
   * `{"message": "Internal server error"}`, as API Gateway answers an internal failure.
   */
  errorRate?: number;
  /** Makes the error-rate and jitter draws repeatable: the same seed fails the same calls, in arrival order. */
  seed?: number;
  /** Replaces the stage's throttling; the bucket starts full. */
  throttle?: ThrottleSetup;
  /** Replaces the integration timeout of every method, 50 ms or more. */
  timeoutMs?: number;
}

/** Which fault made a gateway answer. */
export type FaultCause = "errorRate" | "timeout" | "throttle";

/** Validated faults with their draws; undefined stands for none. */
export interface ActiveFaults {
  throttle: ThrottleSetup | undefined;
  timeoutMs: number | undefined;
  /** The wait of the next call, in ms. */
  nextDelayMs(): number;
  /** Whether the next call fails inside the gateway. */
  nextFails(): boolean;
}

// Node fires a longer timer at once, so nothing longer can be waited for.
const MAX_TIMER_MS = 2_147_483_647;
const MAX_SEED = 0xffff_ffff;
const FAULT_KEYS = ["latencyMs", "jitterMs", "errorRate", "seed", "throttle", "timeoutMs"] as const;

function invalid(message: string, faults: unknown): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, message, { context: { component: "gateway", faults } });
}

/** mulberry32: small, fast and good enough to pick which calls fail; only repeatability matters here. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function checkRange(value: unknown, name: string, min: number, max: number, faults: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(`gateway fault ${name} must be a number from ${min} to ${max}; got ${JSON.stringify(value)}`, faults);
  }
  return value;
}

function checkThrottle(value: unknown, faults: unknown): ThrottleSetup | undefined {
  if (value === undefined) return undefined;
  const throttle = value as Partial<ThrottleSetup> | null;
  const valid = (limit: unknown): boolean => typeof limit === "number" && limit >= 0;
  if (typeof value !== "object" || throttle === null || !valid(throttle.rateLimit) || !valid(throttle.burstLimit)) {
    throw invalid(
      `gateway fault throttle must be { rateLimit, burstLimit } with numbers >= 0 (0/0 throttles every call); ` +
        `got ${JSON.stringify(value)}`,
      faults,
    );
  }
  return { rateLimit: throttle.rateLimit as number, burstLimit: throttle.burstLimit as number };
}

/** Checks faults as `setFaults` takes them; undefined when they leave the start-up setup in place. */
export function resolveFaults(faults: GatewayFaults | "off" | undefined): ActiveFaults | undefined {
  if (faults === undefined || faults === "off") return undefined;
  if (typeof faults !== "object" || faults === null || Array.isArray(faults)) {
    throw invalid(`gateway faults must be "off" or an object with ${FAULT_KEYS.join(", ")}`, faults);
  }
  const unknown = Object.keys(faults).filter((key) => !(FAULT_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw invalid(`unknown gateway fault ${unknown.join(", ")}: use ${FAULT_KEYS.join(", ")}`, faults);
  }
  const latencyMs = checkRange(faults.latencyMs, "latencyMs", 0, MAX_TIMER_MS, faults) ?? 0;
  const jitterMs = checkRange(faults.jitterMs, "jitterMs", 0, MAX_TIMER_MS - latencyMs, faults) ?? 0;
  const errorRate = checkRange(faults.errorRate, "errorRate", 0, 1, faults) ?? 0;
  const seed = checkRange(faults.seed, "seed", 0, MAX_SEED, faults);
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw invalid(`gateway fault seed must be a whole number from 0 to ${MAX_SEED}; got ${seed}`, faults);
  }
  const throttle = checkThrottle(faults.throttle, faults);
  const timeoutMs = checkRange(faults.timeoutMs, "timeoutMs", MIN_TIMEOUT_MS, MAX_TIMER_MS, faults);
  if (latencyMs === 0 && jitterMs === 0 && errorRate === 0 && throttle === undefined && timeoutMs === undefined) {
    return undefined;
  }

  // Two streams, so that changing the jitter never changes which calls fail.
  const failDraw = seed === undefined ? Math.random : seededRandom(seed);
  const jitterDraw = seed === undefined ? Math.random : seededRandom(seed ^ 0x9e37_79b9);
  return {
    throttle,
    timeoutMs,
    nextDelayMs: () => (jitterMs === 0 ? latencyMs : latencyMs + Math.round(jitterDraw() * jitterMs)),
    nextFails: () => errorRate > 0 && failDraw() < errorRate,
  };
}
