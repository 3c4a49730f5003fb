import type { Ack, Refusal } from "./acks.ts";
import type { ObjectEvent, PartitionActivity, RequestEvent, SinkObject } from "./types.ts";

/** The zero of a report's times: the earliest of them; undefined when none is known. */
export function runStartMs(times: ReadonlyArray<string | undefined>): number | undefined {
  const known = times.flatMap((time) => {
    const ms = time === undefined ? Number.NaN : Date.parse(time);
    return Number.isNaN(ms) ? [] : [ms];
  });
  return known.length === 0 ? undefined : known.reduce((a, b) => Math.min(a, b));
}

/** S3 and S3Proxy cut LastModified to the second; a store that keeps milliseconds shows some. */
export function s3TimeResolutionMs(objects: readonly SinkObject[]): number {
  const times = objects.flatMap((o) => (o.lastModified === undefined ? [] : [Date.parse(o.lastModified)]));
  return times.length > 0 && times.every((ms) => ms % 1000 === 0) ? 1000 : 1;
}

export interface RecordDelay {
  offset: number;
  /** When the client was told, from the run's start. */
  acceptedMs: number;
  /** Until its object was in S3, at most. */
  delayMs: number;
}

/** How long each acknowledged record took from its acceptance to S3 (an upper bound: LastModified is cut). */
export function recordDelays(activity: PartitionActivity, s3ResolutionMs: number): RecordDelay[] {
  const writtenBy = new Map<number, number>();
  for (const object of activity.objects) {
    if (object.writtenMs === undefined) continue;
    for (let i = 0; i < object.records; i++) writtenBy.set(object.startOffset + i, object.writtenMs);
  }
  return activity.requests.flatMap((request) =>
    request.offsets.flatMap((offset) => {
      const written = writtenBy.get(offset);
      if (written === undefined) return [];
      const acceptedMs = request.atMs + request.latencyMs;
      return [{ offset, acceptedMs, delayMs: Math.max(0, written + s3ResolutionMs - acceptedMs) }];
    }),
  );
}

export interface ActivityInput {
  /** The partition's acknowledged records. */
  acks: readonly Ack[];
  /** Refusals to show in this partition: its topic's, on the topic's first partition. */
  refusals: readonly Refusal[];
  objects: readonly SinkObject[];
  startMs: number;
  s3ResolutionMs: number;
}

/** One partition's calls and objects on the run's clock, with how long records took to reach S3. */
export function partitionActivity(input: ActivityInput): PartitionActivity {
  const since = (time: string): number => Date.parse(time) - input.startMs;
  const requests = new Map<string, RequestEvent>();
  const requestOf = (event: Ack | Refusal, status: number): RequestEvent => {
    const known = requests.get(event.requestId);
    if (known) return known;
    const request = {
      requestId: event.requestId,
      atMs: since(event.time),
      latencyMs: event.latencyMs,
      status,
      offsets: [],
      refused: 0,
    };
    requests.set(event.requestId, request);
    return request;
  };
  for (const ack of input.acks) requestOf(ack, 200).offsets.push(ack.offset);
  for (const refusal of input.refusals) requestOf(refusal, refusal.status).refused++;

  const objects: ObjectEvent[] = [...input.objects]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((o) => ({
      key: o.key,
      startOffset: o.startOffset,
      records: o.lines.length,
      ...(o.lastModified === undefined ? {} : { writtenMs: since(o.lastModified) }),
    }));
  const activity: PartitionActivity = {
    requests: [...requests.values()].sort((a, b) => a.atMs - b.atMs),
    objects,
  };
  const delays = recordDelays(activity, input.s3ResolutionMs)
    .map((d) => d.delayMs)
    .sort((a, b) => a - b);
  if (delays.length > 0) {
    activity.delayMs = { median: delays[Math.floor(delays.length / 2)] as number, max: delays.at(-1) as number };
  }
  return activity;
}
