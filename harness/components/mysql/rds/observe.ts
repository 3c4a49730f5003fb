import { Capability, has, MariadbCapability, ServerStatus } from "./capabilities.ts";
import type { RdsEvent } from "./events.ts";
import { PayloadReader } from "./packets.ts";
import {
  EOF_HEADER,
  eofStatus,
  ERR_HEADER,
  LOCAL_INFILE_HEADER,
  OK_HEADER,
  okStatus,
  parseErr,
  PROGRESS_ERROR_CODE,
} from "./responses.ts";
import { PacketScanner, type ScannedPacket } from "./scanner.ts";

/** Longer statements are reported cut to this many bytes. */
const SQL_LIMIT = 1 << 20;
/** Enough for any OK, EOF or ERR packet; rows are only counted. */
const RESPONSE_HEAD_LIMIT = 4096;

const Command = {
  Quit: 0x01,
  InitDb: 0x02,
  Query: 0x03,
  FieldList: 0x04,
  Refresh: 0x07,
  Shutdown: 0x08,
  Statistics: 0x09,
  ProcessKill: 0x0c,
  Debug: 0x0d,
  Ping: 0x0e,
  SetOption: 0x1b,
  ResetConnection: 0x1f,
} as const;

/** Commands answered by exactly one packet (OK, ERR, EOF or a plain string). */
const SINGLE_PACKET_COMMANDS = new Set<number>([
  Command.InitDb,
  Command.Refresh,
  Command.Shutdown,
  Command.Statistics,
  Command.ProcessKill,
  Command.Debug,
  Command.Ping,
  Command.SetOption,
  Command.ResetConnection,
]);

type QueryStage = "first" | "columns" | "columns-eof" | "rows";

type Expectation =
  | { kind: "single"; seq: number }
  | { kind: "field-list"; seq: number }
  | { kind: "query"; seq: number; sql: string; stage: QueryStage; columns: number; rows: number };

export interface ObserverOptions {
  /** The capabilities client and server agreed on. */
  capabilities: number;
  /** MariaDB's extended capabilities both sides agreed on (0 with MySQL). */
  extendedCapabilities: number;
  onEvent: (event: RdsEvent) => void;
}

/** Thrown inside the observer only, and caught there: it ends observation, never the connection. */
class StopObserving extends Error {}

/**
 * Follows the command phase of one connection from the bytes the relay has already forwarded, and reports
 * empty result sets and failed queries. On anything it does not fully understand it stops for good: from then
 * on the relay goes on alone.
 */
export class CommandObserver {
  private client: PacketScanner | undefined = new PacketScanner(SQL_LIMIT);
  private server: PacketScanner | undefined = new PacketScanner(RESPONSE_HEAD_LIMIT);
  private readonly queue: Expectation[] = [];
  private readonly deprecateEof: boolean;
  private readonly queryAttributes: boolean;
  private readonly metadataFlag: boolean;
  /** Why observation stopped, for diagnostics; undefined while it goes on. */
  stoppedBecause: string | undefined;

  constructor(private readonly options: ObserverOptions) {
    this.deprecateEof = has(options.capabilities, Capability.DeprecateEof);
    this.queryAttributes = has(options.capabilities, Capability.QueryAttributes);
    // Both add a "metadata follows" byte after the column count.
    this.metadataFlag =
      has(options.capabilities, Capability.OptionalResultsetMetadata) ||
      has(options.extendedCapabilities, MariadbCapability.CacheMetadata);
  }

  get observing(): boolean {
    return this.stoppedBecause === undefined;
  }

  fromClient(chunk: Buffer): void {
    this.guard(() => {
      for (const packet of (this.client as PacketScanner).push(chunk)) this.onCommand(packet);
    });
  }

  fromServer(chunk: Buffer): void {
    this.guard(() => {
      for (const packet of (this.server as PacketScanner).push(chunk)) this.onResponse(packet);
    });
  }

  private guard(work: () => void): void {
    if (!this.observing) return;
    try {
      work();
    } catch (error) {
      this.stop(error instanceof StopObserving ? error.message : `unreadable packet: ${(error as Error).message}`);
    }
  }

  private stop(reason: string): void {
    this.stoppedBecause = reason;
    this.client = undefined;
    this.server = undefined;
    this.queue.length = 0;
  }

  private onCommand(packet: ScannedPacket): void {
    if (packet.sequenceId !== 0) throw new StopObserving("client packet outside a command (LOCAL INFILE data?)");
    const command = packet.head[0];
    const seq = (packet.lastSequenceId + 1) & 0xff;
    if (command === undefined) throw new StopObserving("empty command packet");
    if (command === Command.Quit) return;
    if (command === Command.Query) {
      this.queue.push({ kind: "query", seq, sql: this.querySql(packet.head), stage: "first", columns: 0, rows: 0 });
    } else if (command === Command.FieldList) this.queue.push({ kind: "field-list", seq });
    else if (SINGLE_PACKET_COMMANDS.has(command)) this.queue.push({ kind: "single", seq });
    else throw new StopObserving(`command 0x${command.toString(16)} is not followed`);
  }

  private querySql(head: Buffer): string {
    const reader = new PayloadReader(head, 1);
    if (this.queryAttributes) {
      const parameters = reader.lenencInt();
      reader.lenencInt();
      if (parameters !== 0) throw new StopObserving("query attributes with parameters");
    }
    return reader.rest().toString("utf8");
  }

  private onResponse(packet: ScannedPacket): void {
    const expected = this.queue[0];
    if (expected === undefined) throw new StopObserving("server packet that no command asked for");
    if (packet.sequenceId !== expected.seq) {
      throw new StopObserving(`server packet #${packet.sequenceId} where #${expected.seq} was due`);
    }
    expected.seq = (packet.lastSequenceId + 1) & 0xff;
    const header = packet.head[0];
    if (expected.kind === "single") this.queue.shift();
    else if (expected.kind === "field-list") {
      if (header === EOF_HEADER || header === ERR_HEADER) this.queue.shift();
    } else this.onQueryPacket(expected, packet);
  }

  private onQueryPacket(query: Extract<Expectation, { kind: "query" }>, packet: ScannedPacket): void {
    const { head } = packet;
    const header = head[0];
    if (header === ERR_HEADER && query.stage !== "columns") {
      const error = parseErr(head);
      if (error.code === PROGRESS_ERROR_CODE) return;
      this.emit({ type: "query-error", sql: query.sql, code: error.code, message: error.message });
      this.queue.shift();
      return;
    }
    switch (query.stage) {
      case "first":
        return this.onFirst(query, packet);
      case "columns":
        query.columns -= 1;
        if (query.columns === 0) query.stage = this.deprecateEof ? "rows" : "columns-eof";
        return;
      case "columns-eof":
        if (header !== EOF_HEADER || packet.length >= 9) throw new StopObserving("no EOF after the columns");
        query.stage = "rows";
        return;
      case "rows":
        if (header === EOF_HEADER && this.isTerminator(packet)) {
          if (query.rows === 0) this.emit({ type: "empty-result", sql: query.sql });
          this.endResult(query, this.deprecateEof ? okStatus(head) : eofStatus(head));
        } else query.rows += 1;
        return;
    }
  }

  private onFirst(query: Extract<Expectation, { kind: "query" }>, packet: ScannedPacket): void {
    const { head } = packet;
    const header = head[0];
    if (header === OK_HEADER) return this.endResult(query, okStatus(head));
    if (header === LOCAL_INFILE_HEADER) throw new StopObserving("LOCAL INFILE request");
    if (header === EOF_HEADER || header === undefined) throw new StopObserving("unexpected reply to a query");
    const reader = new PayloadReader(head);
    const columns = reader.lenencInt();
    if (columns === null || columns === 0) throw new StopObserving("result set without columns");
    let metadata = true;
    if (this.metadataFlag) {
      if (reader.remaining !== 1) throw new StopObserving("column count without its metadata flag");
      metadata = reader.u8() !== 0;
    }
    if (reader.remaining !== 0) throw new StopObserving("column count packet too long");
    query.rows = 0;
    if (metadata) {
      query.columns = columns;
      query.stage = "columns";
    } else if (this.deprecateEof) query.stage = "rows";
    else throw new StopObserving("result set without metadata and with EOF packets");
  }

  /** A row may start with 0xFE too (a long string); only a short packet ends the rows. */
  private isTerminator(packet: ScannedPacket): boolean {
    return this.deprecateEof ? packet.length < 0xffffff : packet.length < 9;
  }

  private endResult(query: Extract<Expectation, { kind: "query" }>, status: number): void {
    if (has(status, ServerStatus.MoreResultsExist)) {
      query.stage = "first";
      query.rows = 0;
    } else this.queue.shift();
  }

  private emit(event: RdsEvent): void {
    this.options.onEvent(event);
  }
}
