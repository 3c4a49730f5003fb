import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { openLineFile } from "../../../harness/components/gateway/line-file.ts";

function freshPath(): string {
  return join(mkdtempSync(join(tmpdir(), "pinpipe-line-file-")), "logs", "lines.jsonl");
}

const linesOf = (path: string): string[] => readFileSync(path, "utf8").split("\n").slice(0, -1);

describe("line file", () => {
  it("writes a lone line without being asked to", async () => {
    const path = freshPath();
    const file = openLineFile(path, { coalesceMs: 10_000 });
    file.write("only");
    await vi.waitFor(() => expect(linesOf(path)).toEqual(["only"]));
    await file.close();
  });

  it("keeps every line of a busy file, in order, and flush() waits for all of them", async () => {
    const path = freshPath();
    const file = openLineFile(path, { coalesceMs: 50 });
    const written: string[] = [];
    // Lines keep arriving across many event-loop turns while earlier batches are being written.
    for (let turn = 0; turn < 20; turn += 1) {
      for (let index = 0; index < 50; index += 1) {
        const line = JSON.stringify({ turn, index });
        written.push(line);
        file.write(line);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await file.flush();
    expect(linesOf(path)).toEqual(written);
    await file.close();
  });

  it("flush() is not starved by lines that keep coming after it was called", async () => {
    const path = freshPath();
    const file = openLineFile(path, { coalesceMs: 20 });
    let stop = false;
    let count = 0;
    const writer = (async () => {
      while (!stop) {
        file.write(`line ${count}`);
        count += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const askedAt = count;
    await file.flush();
    // Everything written before the flush was asked for is there, whatever came after.
    expect(linesOf(path).length).toBeGreaterThanOrEqual(askedAt);
    stop = true;
    await writer;
    await file.close();
    expect(linesOf(path)).toEqual(Array.from({ length: count }, (_, index) => `line ${index}`));
  });

  it("keeps lines of any size and script intact while one batch is written and the next collects", async () => {
    const path = freshPath();
    const file = openLineFile(path, { coalesceMs: 1 });
    const written: string[] = [];
    // Lines from a few bytes to far past a pending buffer's first size, with characters of one to four UTF-8 bytes,
    // written while earlier batches are still on their way to the file.
    for (let turn = 0; turn < 40; turn += 1) {
      for (let index = 0; index < 1 + (turn % 5); index += 1) {
        const line = `${turn}:${index}:${"aé€😀".repeat((turn * 997 + index * 131) % (turn % 7 === 0 ? 40_000 : 300))}`;
        written.push(line);
        file.write(line);
      }
      if (turn % 3 === 0) await file.flush();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await file.close();
    expect(linesOf(path)).toEqual(written);
  });

  it("close() writes what is still waiting", async () => {
    const path = freshPath();
    const file = openLineFile(path, { coalesceMs: 10_000 });
    file.write("first");
    await file.flush();
    // The first write was just now, so these two wait for the coalescing delay, which close() cuts short.
    file.write("second");
    file.write("third");
    await file.close();
    expect(linesOf(path)).toEqual(["first", "second", "third"]);
  });

  it("reports a file that cannot be written from flush() and close(), not by throwing at write()", async () => {
    const path = freshPath();
    mkdirSync(path, { recursive: true });
    const file = openLineFile(path);
    expect(() => file.write("lost")).not.toThrow();
    await expect(file.flush()).rejects.toThrow(/EISDIR/);
    await expect(file.close()).rejects.toThrow(/EISDIR/);
  });
});
