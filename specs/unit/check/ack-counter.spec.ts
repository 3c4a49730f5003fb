import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AckCounter } from "../../../harness/check/ack-counter.ts";
import type { JournalEntry } from "../../../harness/components/gateway/journal.ts";
import { sequence, streamPutEntry } from "./stream-journal.ts";

const line = (entry: JournalEntry): string => `${JSON.stringify(entry)}\n`;

function produce(offset: number): JournalEntry {
  const entry = streamPutEntry({ stream: "x", body: "", answer: {} });
  return {
    ...entry,
    method: "POST",
    url: "/prod/topics/u.pin",
    resourcePath: "/{proxy+}",
    request: { headers: [], body: { bytes: 0, text: '{"records":[{"value":{"index":1}}]}', truncated: false } },
    response: {
      headers: [],
      body: {
        bytes: 0,
        text: JSON.stringify({ offsets: [{ partition: 0, offset, error_code: null, error: null }] }),
        truncated: false,
      },
    },
  };
}

const put = (n: number, answer: unknown = { SequenceNumber: sequence(n), ShardId: "shardId-000000000000" }) =>
  streamPutEntry({ stream: "streaming-u-pin", body: '{"Data":{"index":1},"PartitionKey":"k"}', answer });

describe("counting accepted records while the emulator runs", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("counts the records of both halves, so a streaming emulator stops at --records as a batch one does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinpipe-acks-"));
    dirs.push(dir);
    const file = join(dir, "journal.jsonl");
    writeFileSync(file, line(produce(0)));
    const counter = new AckCounter(file, ["u.pin"]);
    expect(await counter.count()).toBe(1);
    appendFileSync(file, line(put(1)) + line(put(2, { __type: "ResourceNotFoundException", message: "no" })));
    expect(await counter.count()).toBe(2);
    appendFileSync(file, line(put(3)));
    expect(await counter.count()).toBe(3);
  });
});
