import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { NetFault } from "./fault.ts";
import { resetSocket } from "./reset-socket.ts";

/** A reset is not a lane's state: the connection resets both sockets and drops its lanes. */
export type LaneFault = Exclude<NetFault, { kind: "reset" }>;

/** What a lane has read and not yet passed on, in arrival order; `end` and `reset` travel in line with the data. */
type Held =
  { kind: "data"; chunk: Buffer; due: number } | { kind: "end"; due: number } | { kind: "reset"; due: number };

/**
 * How much a delayed lane reads ahead: it acts as the TCP window of a long link, so a sender that outruns it is
 * slowed by flow control (throughput = window / delay, as on a real link) instead of filling memory.
 */
const LATENCY_WINDOW_BYTES = 4 * 1024 * 1024;
/** A throttled lane reads only a little ahead, so the sender feels the limit through flow control. */
const BANDWIDTH_READ_AHEAD_BYTES = 64 * 1024;
/** A throttled lane sends this many milliseconds' worth of bytes at a time: few timers, smooth enough a rate. */
const BANDWIDTH_SLICE_MS = 20;

/**
 * One direction of a proxied connection: reads `source`, writes `dest`, as the current fault allows.
 *
 * `off` pipes the sockets directly (no per-chunk work). The other faults read chunks into `held`, a delay line
 * that keeps order. On a switch, `held` carries over to the new fault, so nothing read is lost or reordered:
 * a blackhole stops reading (TCP flow control then stalls the sender, as a partition does) and what was in flight
 * is delivered when the link comes back, as TCP retransmission delivers it after a partition shorter than its
 * retransmission timeout.
 */
export class Lane {
  private fault: LaneFault = { kind: "off" };
  private readonly held: Held[] = [];
  private heldBytes = 0;
  private lastDue = 0;
  private sendAllowedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private piping = false;
  private reading = false;
  private disposed = false;

  constructor(
    private readonly source: Socket,
    private readonly dest: Socket,
    fault: LaneFault,
  ) {
    // The end of stream is forwarded by the lane, not by pipe(), so that it waits behind held data.
    source.on("end", () => this.accept({ kind: "end", due: 0 }));
    dest.on("drain", () => this.resumeIfRoom());
    this.apply(fault);
  }

  /** The source failed (a reset, a refused connect): the other side gets a reset, in line with the data. */
  sourceFailed(): void {
    this.accept({ kind: "reset", due: 0 });
  }

  apply(fault: LaneFault): void {
    if (this.disposed) return;
    this.stopFlow();
    this.fault = fault;
    const now = performance.now();
    switch (fault.kind) {
      case "off":
        while (this.held.length > 0) this.deliver(this.takeHead());
        this.startPipe();
        break;
      case "latency":
        // Bytes in flight start their new delay at the switch.
        this.lastDue = 0;
        for (const item of this.held) item.due = this.latencyDue(now);
        this.startReading();
        this.deliverDue();
        break;
      case "bandwidth":
        this.sendAllowedAt = now;
        this.startReading();
        this.pump();
        break;
      case "blackhole":
        break;
    }
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.held.length = 0;
    this.heldBytes = 0;
  }

  private readonly onData = (chunk: Buffer): void => {
    this.accept({ kind: "data", chunk, due: 0 });
    if (this.heldBytes >= this.readAhead()) this.source.pause();
  };

  private accept(item: Held): void {
    if (this.disposed) return;
    switch (this.fault.kind) {
      case "off":
        this.deliver(item);
        return;
      case "latency":
        item.due = this.latencyDue(performance.now());
        this.hold(item);
        this.deliverDue();
        return;
      case "bandwidth":
        this.hold(item);
        this.pump();
        return;
      case "blackhole":
        this.hold(item);
        return;
    }
  }

  private stopFlow(): void {
    if (this.piping) this.source.unpipe(this.dest);
    if (this.reading) this.source.off("data", this.onData);
    this.piping = false;
    this.reading = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.source.pause();
  }

  private startPipe(): void {
    if (this.source.destroyed || this.source.readableEnded || this.dest.destroyed || this.dest.writableEnded) return;
    this.source.pipe(this.dest, { end: false });
    this.piping = true;
  }

  private startReading(): void {
    this.source.on("data", this.onData);
    this.reading = true;
    this.resumeIfRoom();
  }

  private resumeIfRoom(): void {
    if (!this.reading || this.disposed) return;
    if (this.heldBytes < this.readAhead() && !this.dest.writableNeedDrain) this.source.resume();
  }

  private readAhead(): number {
    return this.fault.kind === "latency" ? LATENCY_WINDOW_BYTES : BANDWIDTH_READ_AHEAD_BYTES;
  }

  private latencyDue(now: number): number {
    if (this.fault.kind !== "latency") return now;
    const jitter = this.fault.jitterMs ? Math.random() * this.fault.jitterMs : 0;
    // Never earlier than the chunk before it: jitter varies the delay, it does not reorder the stream.
    this.lastDue = Math.max(now + this.fault.ms + jitter, this.lastDue);
    return this.lastDue;
  }

  private hold(item: Held): void {
    this.held.push(item);
    if (item.kind === "data") this.heldBytes += item.chunk.length;
  }

  private takeHead(): Held {
    const item = this.held.shift() as Held;
    if (item.kind === "data") this.heldBytes -= item.chunk.length;
    return item;
  }

  private deliver(item: Held): void {
    const { dest } = this;
    if (item.kind === "reset") {
      resetSocket(dest);
      return;
    }
    if (dest.destroyed || dest.writableEnded) return;
    if (item.kind === "end") dest.end();
    else if (!dest.write(item.chunk) && this.reading) this.source.pause();
  }

  private deliverDue(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    while (this.held.length > 0 && (this.held[0] as Held).due <= now) this.deliver(this.takeHead());
    const next = this.held[0];
    if (next) this.timer = setTimeout(() => this.deliverDue(), Math.max(1, Math.ceil(next.due - now)));
    this.resumeIfRoom();
  }

  private pump(): void {
    if (this.fault.kind !== "bandwidth") return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const rate = this.fault.bytesPerSecond;
    const sliceBytes = Math.max(1, Math.floor((rate * BANDWIDTH_SLICE_MS) / 1000));
    const now = performance.now();
    while (this.held.length > 0 && this.sendAllowedAt <= now) {
      const head = this.held[0] as Held;
      if (head.kind !== "data") {
        this.deliver(this.takeHead());
        continue;
      }
      let piece = head.chunk;
      if (piece.length > sliceBytes) {
        piece = head.chunk.subarray(0, sliceBytes);
        head.chunk = head.chunk.subarray(sliceBytes);
        this.heldBytes -= piece.length;
      } else {
        this.takeHead();
      }
      // Timers fire late; up to one slice of lost time is made up, so the rate holds without bursting after idling.
      const start = Math.max(this.sendAllowedAt, now - BANDWIDTH_SLICE_MS);
      this.sendAllowedAt = start + (piece.length * 1000) / rate;
      this.deliver({ kind: "data", chunk: piece, due: 0 });
    }
    if (this.held.length > 0) {
      this.timer = setTimeout(() => this.pump(), Math.max(1, Math.ceil(this.sendAllowedAt - now)));
    }
    this.resumeIfRoom();
  }
}
