import { describe, expect, it } from "vitest";
import { finding, FindingCode } from "../../../harness/check/finding-codes.ts";
import type { CheckReport } from "../../../harness/check/types.ts";
import { pinpipeMatchers } from "../../../harness/testing/matchers.ts";

expect.extend(pinpipeMatchers);

const report = (streams: CheckReport["streams"], ok = true): CheckReport => ({
  ok,
  bucket: "user-u-bucket",
  prefix: "topics/",
  findings: [],
  partitions: [
    {
      topic: "u.pin",
      partition: 0,
      objects: 2,
      records: 2,
      kafkaRecords: 2,
      acknowledged: 2,
      pending: 0,
      findings: [],
    },
  ],
  ...(streams && { streams }),
});

const shard = (stream: string, acknowledged: number, findings: CheckReport["findings"] = []) => ({
  stream,
  shardId: "shardId-000000000000",
  acknowledged,
  records: acknowledged,
  findings,
});

describe("the vitest matchers, on both halves", () => {
  it("toHaveDelivered counts the records acknowledged on topics and on streams", async () => {
    const both = report([shard("streaming-u-pin", 3), shard("streaming-u-geo", 3)]);
    await expect(both).toHaveDelivered({ records: 8 });
    await expect(both).not.toHaveDelivered({ records: 9 });
    await expect(report(undefined)).not.toHaveDelivered({ records: 3 });
  });

  it("toHaveStreamShard checks one shard's counts and its errors", async () => {
    const lost = finding(FindingCode.AckNotInStream, { message: "acknowledged to the client but not in the shard" });
    const checked = report([shard("streaming-u-pin", 3), shard("streaming-u-geo", 1, [lost])], false);
    await expect(checked).toHaveStreamShard("streaming-u-pin", { records: 3 });
    await expect(checked).not.toHaveStreamShard("streaming-u-pin", { records: 4 });
    await expect(checked).not.toHaveStreamShard("streaming-u-geo");
    await expect(checked).not.toHaveStreamShard("streaming-u-user");
    await expect(checked).not.toHaveStreamShard("streaming-u-pin", { shardId: "shardId-000000000001" });
  });
});
