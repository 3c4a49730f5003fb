import { ErrorCode, PinpipeError } from "../../errors.ts";
import { validateNetFault, type NetFault } from "./fault.ts";

const USAGE =
  "use off, reset, blackhole, latency=<delay>[,jitter=<delay>] (200ms, 1.5s; a bare number is milliseconds) " +
  "or bandwidth=<bytes>/s (512kb/s, 1mb/s; k, m, g are powers of 1024, as curl --limit-rate counts)";

const DURATION = /^(\d+(?:\.\d+)?)(ms|s)?$/;
const RATE = /^(\d+(?:\.\d+)?)(b|k|kb|kib|m|mb|mib|g|gb|gib)?(?:\/s|ps)?$/;
const BYTES_PER_UNIT: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function invalid(text: string, why: string): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, `invalid fault "${text}": ${why}; ${USAGE}`, {
    context: { fault: text },
  });
}

function milliseconds(text: string, value: string, what: string): number {
  const match = DURATION.exec(value);
  if (!match) throw invalid(text, `${what} "${value}" is not a duration like 200ms or 2s`);
  return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
}

function bytesPerSecond(text: string, value: string): number {
  const match = RATE.exec(value);
  if (!match) throw invalid(text, `bandwidth "${value}" is not a rate like 512kb/s or 1mb/s`);
  const unit = BYTES_PER_UNIT[(match[2] ?? "b").charAt(0)] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

function parseLatency(text: string, settings: string): NetFault {
  const [delay = "", ...options] = settings.split(",");
  const fault: NetFault = { kind: "latency", ms: milliseconds(text, delay, "latency") };
  for (const option of options) {
    const [name, value] = option.split("=", 2);
    if (name !== "jitter" || value === undefined) throw invalid(text, `unknown latency option "${option}"`);
    fault.jitterMs = milliseconds(text, value, "jitter");
  }
  return fault;
}

/**
 * Reads a fault as written on the command line or in a scenario: `latency=200ms`, `latency=200`,
 * `latency=200ms,jitter=50ms`, `bandwidth=1mb/s`, `reset`, `blackhole`, `off`. Case and surrounding spaces are
 * ignored; anything else is a PinpipeError (InvalidOption) that lists the accepted forms.
 */
export function parseNetFault(text: string): NetFault {
  const normalized = text.trim().toLowerCase().replace(/\s+/g, "");
  const equals = normalized.indexOf("=");
  const kind = equals < 0 ? normalized : normalized.slice(0, equals);
  const settings = equals < 0 ? undefined : normalized.slice(equals + 1);

  let fault: NetFault;
  switch (kind) {
    case "off":
    case "reset":
    case "blackhole":
      if (settings !== undefined) throw invalid(text, `${kind} takes no value`);
      fault = { kind };
      break;
    case "latency":
      if (!settings) throw invalid(text, "latency needs a delay, e.g. latency=200ms");
      fault = parseLatency(text, settings);
      break;
    case "bandwidth":
      if (!settings) throw invalid(text, "bandwidth needs a rate, e.g. bandwidth=1mb/s");
      fault = { kind: "bandwidth", bytesPerSecond: bytesPerSecond(text, settings) };
      break;
    default:
      throw invalid(text, kind === "" ? "it is empty" : `unknown fault "${kind}"`);
  }
  try {
    return validateNetFault(fault);
  } catch (error) {
    throw invalid(text, (error as Error).message);
  }
}
