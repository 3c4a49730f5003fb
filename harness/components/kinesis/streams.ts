import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { evenHashKeyRanges, type HashKeyRange } from "./hash-keys.ts";
import { startingSequenceNumber } from "./sequence-numbers.ts";
import { ShardLog } from "./shard-log.ts";

export type StreamMode = "PROVISIONED" | "ON_DEMAND";
export type StreamStatus = "CREATING" | "ACTIVE" | "DELETING";

/** What `meta.json` holds for a stream; everything else about it follows from these facts and the clock. */
interface StreamFacts {
  name: string;
  createdMs: number;
  /** When CREATING turns ACTIVE. */
  activeMs: number;
  mode: StreamMode;
  shardCount: number;
  /** Set by DeleteStream: the stream is DELETING until `goneMs`, then gone with its files. */
  deletingMs?: number;
  goneMs?: number;
}

export interface Shard {
  index: number;
  shardId: string;
  range: HashKeyRange;
  startingSequenceNumber: string;
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, "0")}`;
}

/**
 * On Kinesis a new stream's shards date from a few seconds before the stream's creation time (the shard time in
 * their starting sequence numbers is 2 to 7 seconds earlier).
 */
const SHARD_LEAD_MS = 3000;

/** One stream: its facts, its shards and, opened when first used, their logs. */
export class Stream {
  readonly shards: readonly Shard[];
  private readonly logs = new Map<number, ShardLog>();

  constructor(
    private facts: StreamFacts,
    readonly dir: string,
  ) {
    this.shards = evenHashKeyRanges(facts.shardCount).map((range, index) => ({
      index,
      shardId: shardIdOf(index),
      range,
      startingSequenceNumber: startingSequenceNumber(this.shardCreatedMs, index),
    }));
  }

  /** When the stream's shards were made, as their sequence numbers carry it. */
  get shardCreatedMs(): number {
    return this.facts.createdMs - SHARD_LEAD_MS;
  }

  get name(): string {
    return this.facts.name;
  }
  get createdMs(): number {
    return this.facts.createdMs;
  }
  get mode(): StreamMode {
    return this.facts.mode;
  }
  get goneMs(): number | undefined {
    return this.facts.goneMs;
  }

  status(nowMs: number): StreamStatus {
    if (this.facts.deletingMs !== undefined) return "DELETING";
    return nowMs < this.facts.activeMs ? "CREATING" : "ACTIVE";
  }

  isGone(nowMs: number): boolean {
    return this.facts.goneMs !== undefined && nowMs >= this.facts.goneMs;
  }

  log(index: number): ShardLog {
    let log = this.logs.get(index);
    if (!log) {
      log = ShardLog.open(join(this.dir, `${shardIdOf(index)}.jsonl`));
      this.logs.set(index, log);
    }
    return log;
  }

  markDeleting(nowMs: number, delayMs: number): void {
    this.facts = { ...this.facts, deletingMs: nowMs, goneMs: nowMs + delayMs };
    writeFacts(this.dir, this.facts);
  }

  close(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
  }
}

const FACTS_FILE = "meta.json";

function writeFacts(dir: string, facts: StreamFacts): void {
  // Written whole and renamed into place, so a crash leaves the old facts or the new ones, never half of them.
  const temporary = join(dir, `${FACTS_FILE}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(facts)}\n`);
  renameSync(temporary, join(dir, FACTS_FILE));
}

/** Stream names allow `.` and `..`, so each stream's folder name gets a prefix. */
const folderOf = (name: string): string => `stream-${name}`;

export interface StreamStoreOptions {
  /** The component's folder in the stack's folder. */
  dir: string;
  createDelayMs: number;
  deleteDelayMs: number;
}

/** The streams of one account and region, kept in `<dir>/streams/stream-<name>/`. */
export class StreamStore {
  private readonly streams = new Map<string, Stream>();
  private readonly root: string;

  constructor(private readonly options: StreamStoreOptions) {
    this.root = join(options.dir, "streams");
    mkdirSync(this.root, { recursive: true });
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith("stream-")) continue;
      const dir = join(this.root, entry.name);
      // A folder without facts is a create that a crash cut short: Kinesis never answered it.
      if (!existsSync(join(dir, FACTS_FILE))) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const facts = JSON.parse(readFileSync(join(dir, FACTS_FILE), "utf8")) as StreamFacts;
      this.streams.set(facts.name, new Stream(facts, dir));
    }
  }

  /** The stream, unless there is none of that name or its deletion has run its course. */
  get(name: string, nowMs: number): Stream | undefined {
    const stream = this.streams.get(name);
    if (stream?.isGone(nowMs)) {
      this.remove(stream);
      return undefined;
    }
    return stream;
  }

  /** Every stream there is, by name. */
  list(nowMs: number): Stream[] {
    return [...this.streams.keys()]
      .sort()
      .map((name) => this.get(name, nowMs))
      .filter((stream): stream is Stream => stream !== undefined);
  }

  create(name: string, shardCount: number, mode: StreamMode, nowMs: number): Stream {
    const dir = join(this.root, folderOf(name));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const facts: StreamFacts = {
      name,
      createdMs: nowMs,
      activeMs: nowMs + this.options.createDelayMs,
      mode,
      shardCount,
    };
    writeFacts(dir, facts);
    const stream = new Stream(facts, dir);
    this.streams.set(name, stream);
    return stream;
  }

  markDeleting(stream: Stream, nowMs: number): void {
    stream.markDeleting(nowMs, this.options.deleteDelayMs);
  }

  /** Removes streams whose deletion has run its course (also called from a timer, so their files go in time). */
  sweep(nowMs: number): void {
    for (const stream of [...this.streams.values()]) if (stream.isGone(nowMs)) this.remove(stream);
  }

  close(): void {
    for (const stream of this.streams.values()) stream.close();
  }

  private remove(stream: Stream): void {
    stream.close();
    this.streams.delete(stream.name);
    rmSync(stream.dir, { recursive: true, force: true });
  }
}
