import { describe, expect, it } from "vitest";
import { ErrorCode, isPinpipeError } from "../../../harness/errors.ts";
import { formatNetFault, type NetFault } from "../../../harness/faults/net/fault.ts";
import { parseNetFault } from "../../../harness/faults/net/parse-fault.ts";

describe("parseNetFault", () => {
  it.each<[string, NetFault]>([
    ["off", { kind: "off" }],
    ["reset", { kind: "reset" }],
    [" BlackHole ", { kind: "blackhole" }],
    ["latency=200ms", { kind: "latency", ms: 200 }],
    ["latency=200", { kind: "latency", ms: 200 }],
    ["latency=1.5s", { kind: "latency", ms: 1500 }],
    ["latency=0", { kind: "latency", ms: 0 }],
    ["latency=200ms,jitter=50ms", { kind: "latency", ms: 200, jitterMs: 50 }],
    ["bandwidth=1mb/s", { kind: "bandwidth", bytesPerSecond: 1024 * 1024 }],
    ["bandwidth=512KB/s", { kind: "bandwidth", bytesPerSecond: 512 * 1024 }],
    ["bandwidth=2m", { kind: "bandwidth", bytesPerSecond: 2 * 1024 * 1024 }],
    ["bandwidth=1gib/s", { kind: "bandwidth", bytesPerSecond: 1024 ** 3 }],
    ["bandwidth=1500", { kind: "bandwidth", bytesPerSecond: 1500 }],
    ["bandwidth=100b/s", { kind: "bandwidth", bytesPerSecond: 100 }],
  ])("reads %j", (text, fault) => {
    expect(parseNetFault(text)).toEqual(fault);
  });

  it.each([
    ["", "it is empty"],
    ["slow", 'unknown fault "slow"'],
    ["latency", "latency needs a delay, e.g. latency=200ms"],
    ["latency=fast", 'latency "fast" is not a duration like 200ms or 2s'],
    ["latency=-5ms", 'latency "-5ms" is not a duration'],
    ["latency=200ms,spread=5", 'unknown latency option "spread=5"'],
    ["latency=200ms,jitter=lots", 'jitter "lots" is not a duration'],
    ["bandwidth", "bandwidth needs a rate, e.g. bandwidth=1mb/s"],
    ["bandwidth=fast", 'bandwidth "fast" is not a rate like 512kb/s or 1mb/s'],
    ["bandwidth=0", "bandwidth must be a number of bytes per second > 0, got 0 (to stop all traffic use blackhole)"],
    ["reset=1", "reset takes no value"],
  ])("refuses %j: %s", (text, why) => {
    let caught: unknown;
    try {
      parseNetFault(text);
    } catch (error) {
      caught = error;
    }
    expect(isPinpipeError(caught, ErrorCode.InvalidOption)).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain(`invalid fault "${text}": ${why}`);
    expect(message).toContain("use off, reset, blackhole, latency=<delay>");
  });
});

describe("formatNetFault", () => {
  it.each<NetFault>([
    { kind: "off" },
    { kind: "reset" },
    { kind: "blackhole" },
    { kind: "latency", ms: 200 },
    { kind: "latency", ms: 200, jitterMs: 25 },
    { kind: "bandwidth", bytesPerSecond: 1024 * 1024 },
    { kind: "bandwidth", bytesPerSecond: 3 * 1024 },
    { kind: "bandwidth", bytesPerSecond: 1500 },
  ])("writes %j in the form parseNetFault reads back", (fault) => {
    expect(parseNetFault(formatNetFault(fault))).toEqual(fault);
  });

  it("writes rates in the largest whole unit", () => {
    expect(formatNetFault({ kind: "bandwidth", bytesPerSecond: 1024 * 1024 })).toBe("bandwidth=1mb/s");
    expect(formatNetFault({ kind: "latency", ms: 200 })).toBe("latency=200ms");
  });
});
