import { describe, expect, it } from "vitest";
import { OffsetCommitter, type OffsetToCommit } from "../../../harness/components/sink/offset-committer.ts";

/** A commit call the spec answers by hand. */
interface Call {
  offsets: OffsetToCommit[];
  resolve(): void;
  reject(error: Error): void;
}

function committer(): { committer: OffsetCommitter; calls: Call[]; failures: OffsetToCommit[][] } {
  const calls: Call[] = [];
  const failures: OffsetToCommit[][] = [];
  const c = new OffsetCommitter(
    (offsets) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ offsets, resolve, reject });
      }),
    (_error, offsets) => failures.push(offsets),
  );
  return { committer: c, calls, failures };
}

const at = (partition: number, offset: number): OffsetToCommit => ({ topic: "t", partition, offset });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("a task's offset commits", () => {
  it("sends one request at a time, and the next carries the newest offset of each partition", async () => {
    const { committer: c, calls } = committer();
    c.offer(at(0, 1));
    c.offer(at(0, 2));
    c.offer(at(1, 5));
    c.offer(at(0, 3));
    expect(calls.map((x) => x.offsets)).toEqual([[at(0, 1)]]);
    calls[0]?.resolve();
    await tick();
    expect(calls.map((x) => x.offsets)).toEqual([[at(0, 1)], [at(0, 3), at(1, 5)]]);
    calls[1]?.resolve();
    await c.drain(1_000);
    expect(calls).toHaveLength(2);
  });

  it("returns a failed commit's offsets to the next attempt, unless a newer offset of the partition came", async () => {
    const { committer: c, calls, failures } = committer();
    c.offer(at(0, 1));
    c.offer(at(1, 1));
    c.offer(at(2, 1));
    calls[0]?.resolve();
    await tick();
    expect(calls[1]?.offsets).toEqual([at(1, 1), at(2, 1)]);
    c.offer(at(1, 2));
    calls[1]?.reject(new Error("The coordinator is not aware of this member"));
    const drained = c.drain(5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(failures).toEqual([[at(1, 1), at(2, 1)]]);
    expect(calls[2]?.offsets).toEqual([at(1, 2), at(2, 1)]);
    calls[2]?.resolve();
    await drained;
    expect(calls).toHaveLength(3);
  });

  it("a graceful stop waits for the commit in flight; after close() nothing more is sent", async () => {
    const { committer: c, calls } = committer();
    c.offer(at(0, 7));
    let drained = false;
    const draining = c.drain(5_000).then(() => {
      drained = true;
    });
    await tick();
    expect(drained).toBe(false);
    calls[0]?.resolve();
    await draining;
    c.close();
    c.offer(at(0, 8));
    await tick();
    expect(calls).toHaveLength(1);
  });
});
