import { open } from "node:fs/promises";
import type { JournalEntry } from "../components/gateway/journal.ts";
import { acknowledgements } from "./acks.ts";
import { streamAcknowledgements } from "./stream-acks.ts";

/**
 * Counts acknowledged records in the gateway journal as it grows, reading only what was appended since the
 * last count: the emulator runner asks ten times a second. Both halves count: a record the REST proxy gave an
 * offset and one Kinesis gave a sequence number (only the stack's own streams exist to give one).
 */
export class AckCounter {
  private position = 0;
  private partial = "";
  private total = 0;

  /**
   * `flushJournal` is the gateway's `flushLogs` when it runs in this process: under load it writes the journal
   * in batches, and a count must include every answer already given.
   */
  constructor(
    private readonly journalFile: string,
    private readonly topics: readonly string[],
    private readonly flushJournal: () => Promise<void> = async () => {},
  ) {}

  /** Starts counting from the journal's current end: earlier exchanges belong to someone else. */
  async skipExisting(): Promise<void> {
    const handle = await open(this.journalFile, "r").catch(() => undefined);
    if (!handle) return;
    this.position = (await handle.stat()).size;
    await handle.close();
  }

  async count(): Promise<number> {
    await this.flushJournal();
    const handle = await open(this.journalFile, "r").catch(() => undefined);
    if (!handle) return this.total;
    try {
      const { size } = await handle.stat();
      if (size <= this.position) return this.total;
      const buffer = Buffer.alloc(size - this.position);
      await handle.read(buffer, 0, buffer.length, this.position);
      this.position = size;
      const lines = (this.partial + buffer.toString("utf8")).split("\n");
      this.partial = lines.pop() ?? "";
      const entries = lines.filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as JournalEntry);
      this.total +=
        acknowledgements(entries, this.topics).acks.length +
        streamAcknowledgements(entries, { sent: false }).acks.length;
      return this.total;
    } finally {
      await handle.close();
    }
  }
}
