import { ErrorCode, PinpipeError } from "../../errors.ts";

/**
 * What a link does to the bytes that cross it, in both directions at once. One fault at a time: a link is either
 * slow, thin, broken or cut, which is how the pipeline bugs worth reproducing show up.
 */
export type NetFault =
  | { kind: "off" }
  | { kind: "latency"; ms: number; jitterMs?: number }
  | { kind: "bandwidth"; bytesPerSecond: number }
  | { kind: "reset" }
  | { kind: "blackhole" };

export const NO_FAULT: NetFault = { kind: "off" };

function invalid(message: string, fault: unknown): PinpipeError {
  return new PinpipeError(ErrorCode.InvalidOption, message, { context: { fault } });
}

/** Checks a fault built in code (the CLI form goes through parseNetFault, which calls this too). */
export function validateNetFault(fault: NetFault): NetFault {
  switch (fault.kind) {
    case "off":
    case "reset":
    case "blackhole":
      return fault;
    case "latency":
      if (!Number.isFinite(fault.ms) || fault.ms < 0) {
        throw invalid(`latency must be a number of milliseconds >= 0, got ${fault.ms}`, fault);
      }
      if (fault.jitterMs !== undefined && (!Number.isFinite(fault.jitterMs) || fault.jitterMs < 0)) {
        throw invalid(`latency jitter must be a number of milliseconds >= 0, got ${fault.jitterMs}`, fault);
      }
      return fault;
    case "bandwidth":
      if (!Number.isFinite(fault.bytesPerSecond) || fault.bytesPerSecond <= 0) {
        throw invalid(
          `bandwidth must be a number of bytes per second > 0, got ${fault.bytesPerSecond} ` +
            "(to stop all traffic use blackhole)",
          fault,
        );
      }
      return fault;
    default:
      throw invalid(
        `unknown fault kind ${JSON.stringify((fault as { kind: unknown }).kind)}: ` +
          "use off, latency, bandwidth, reset or blackhole",
        fault,
      );
  }
}

const BYTE_UNITS: [string, number][] = [
  ["gb", 1024 ** 3],
  ["mb", 1024 ** 2],
  ["kb", 1024],
];

/** The CLI form of a fault; parseNetFault reads it back to the same fault. */
export function formatNetFault(fault: NetFault): string {
  switch (fault.kind) {
    case "latency":
      return fault.jitterMs ? `latency=${fault.ms}ms,jitter=${fault.jitterMs}ms` : `latency=${fault.ms}ms`;
    case "bandwidth": {
      const unit = BYTE_UNITS.find(([, size]) => fault.bytesPerSecond % size === 0);
      return unit ? `bandwidth=${fault.bytesPerSecond / unit[1]}${unit[0]}/s` : `bandwidth=${fault.bytesPerSecond}b/s`;
    }
    default:
      return fault.kind;
  }
}
