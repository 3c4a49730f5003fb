import { describe, expect, it } from "vitest";
import { committedOffset, listKeys, runCase, until, waitForObjects, useSinkSpec } from "./support.ts";
import { HOURLY, T1325, T1339, T1400 } from "../../support/hourly.ts";

// Checklist §12 cases 19-21: HourlyPartitioner with Record timestamps, size and time rotation.
const spec = useSinkSpec("sink-time");
const { bucket, names } = spec;

const dir = (topic: string, hour: string) => `topics/${topic}/year=2024/month=01/day=05/hour=${hour}/${topic}+0+`;

describe("time-based partitioning", () => {
  it("19: Hourly, Record timestamp", async () => {
    const c = await runCase(spec.target, bucket, [{ value: "{}", timestamp: 1704461117000 }], {
      ...HOURLY,
      "flush.size": "1",
    });
    names.push(c.name);
    await waitForObjects(bucket, [`${dir(c.topic, "13")}0000000000.json`], `topics/${c.topic}/`);
  });

  it("20: one size flush uploads both hour files; commit 3", async () => {
    const c = await runCase(
      spec.target,
      bucket,
      [T1325, T1400, T1339].map((timestamp, i) => ({ value: `{"i":${i}}`, timestamp })),
      HOURLY,
    );
    names.push(c.name);
    const o = await waitForObjects(
      bucket,
      [`${dir(c.topic, "13")}0000000000.json`, `${dir(c.topic, "14")}0000000001.json`],
      `topics/${c.topic}/`,
    );
    expect(o.get(`${dir(c.topic, "13")}0000000000.json`)?.toString()).toBe('{"i":0}\n{"i":2}\n');
    expect(o.get(`${dir(c.topic, "14")}0000000001.json`)?.toString()).toBe('{"i":1}\n');
    await until("commit 3", async () =>
      (await committedOffset(`connect-${c.name}`, c.topic)) === 3 ? true : undefined,
    );
  });

  it("21: rotate.interval.ms rotates before the record that changes the hour; commit 2", async () => {
    const c = await runCase(
      spec.target,
      bucket,
      [T1325, T1400, T1339].map((timestamp, i) => ({ value: `{"i":${i}}`, timestamp })),
      { ...HOURLY, "rotate.interval.ms": "3600000" },
    );
    names.push(c.name);
    await waitForObjects(
      bucket,
      [`${dir(c.topic, "13")}0000000000.json`, `${dir(c.topic, "14")}0000000001.json`],
      `topics/${c.topic}/`,
    );
    await until("commit 2", async () =>
      (await committedOffset(`connect-${c.name}`, c.topic)) === 2 ? true : undefined,
    );
    expect(await listKeys(bucket, `topics/${c.topic}/`)).toHaveLength(2);
  });
});
