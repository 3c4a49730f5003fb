import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShardLog } from "../../../harness/components/kinesis/shard-log.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "pinpipe-shard-log-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (n: number, arrivalMs = 1000 + n): Parameters<ShardLog["append"]>[0][number] => ({
  sequenceNumber: String(10n ** 55n + BigInt(n)),
  arrivalMs,
  partitionKey: `key-${n}`,
  data: Buffer.from(`data-${n}`),
});

describe("Kinesis shard log", () => {
  it("appends JSON lines and reads records back by position, sequence number and time", () => {
    const file = join(dir, "shard.jsonl");
    const log = ShardLog.open(file);
    log.append([record(1), record(2)]);
    log.append([record(3, 2000)]);
    expect(log.count).toBe(3);
    expect(readFileSync(file, "utf8").split("\n")[0]).toBe(
      `{"s":"${record(1).sequenceNumber}","t":1001,"k":"key-1","d":"${Buffer.from("data-1").toString("base64")}"}`,
    );
    expect(log.read(1, 10, 1 << 20).map((r) => r.partitionKey)).toEqual(["key-2", "key-3"]);
    expect(log.positionOfSequence(BigInt(record(2).sequenceNumber), false)).toBe(1);
    expect(log.positionOfSequence(BigInt(record(2).sequenceNumber), true)).toBe(2);
    expect(log.positionOfTime(1500)).toBe(2);
    expect(log.positionOfTime(5000)).toBe(3);
    log.close();
  });

  it("stops a read at the byte budget, but always returns the first record", () => {
    const log = ShardLog.open(join(dir, "shard.jsonl"));
    log.append([record(1), record(2), record(3)]);
    // Each record is 6 bytes of data and 5 of key.
    expect(log.read(0, 10, 22)).toHaveLength(2);
    expect(log.read(0, 10, 1)).toHaveLength(1);
    expect(log.read(0, 2, 1 << 20)).toHaveLength(2);
    log.close();
  });

  it("reopens with its index rebuilt, cutting off a line that a crash left torn", () => {
    const file = join(dir, "shard.jsonl");
    const log = ShardLog.open(file);
    log.append([record(1), record(2)]);
    log.close();
    appendFileSync(file, '{"s":"123","t":');
    const reopened = ShardLog.open(file);
    expect(reopened.count).toBe(2);
    expect(reopened.lastSequence).toBe(record(2).sequenceNumber);
    reopened.append([record(3)]);
    expect(reopened.read(0, 10, 1 << 20).map((r) => r.data.toString())).toEqual(["data-1", "data-2", "data-3"]);
    reopened.close();
    expect(readFileSync(file, "utf8").endsWith("}\n")).toBe(true);
  });
});
