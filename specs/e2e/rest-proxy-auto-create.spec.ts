import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNativeKafka, type StartedKafka } from "../../harness/components/kafka/index.ts";
import { startRestProxy, type StartedRestProxy } from "../../harness/components/rest-proxy/index.ts";
import { config } from "../../harness/config.ts";

// A broker of its own with auto.create.topics.enable=true (the shared stack's has it off, as MSK's default): the
// real proxy's producer asks for an unknown topic in its metadata request, and such a broker creates it.
const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-auto-create-"));
let kafka: StartedKafka;
let proxy: StartedRestProxy;

beforeAll(async () => {
  kafka = await startNativeKafka({
    stackDir,
    logDir: join(stackDir, "logs"),
    cacheDir: config().cacheDir,
    topics: [],
    partitions: 2,
    autoCreateTopics: true,
    heap: "256m",
  });
  proxy = await startRestProxy({
    bootstrapServers: kafka.bootstrapServers,
    port: 0,
    logFile: join(stackDir, "logs", "rest-proxy.log"),
    properties: { "producer.max.block.ms": "10000" },
  });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await kafka?.stop();
  rmSync(stackDir, { recursive: true, force: true });
});

describe("the REST proxy on a broker that creates topics on request", () => {
  it("creates an unknown topic with the broker's num.partitions and stores the records", async () => {
    const response = await fetch(`${proxy.url}/topics/auto.pin`, {
      method: "POST",
      headers: { "content-type": "application/vnd.kafka.json.v2+json", accept: "application/vnd.kafka.v2+json" },
      body: JSON.stringify({ records: [{ value: { index: 1 } }, { value: { index: 2 } }] }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { offsets: Array<{ partition: number; offset: number; error_code: null }> };
    expect(body.offsets).toHaveLength(2);
    for (const offset of body.offsets) expect(offset).toMatchObject({ error_code: null, offset: expect.any(Number) });

    const admin = new Kafka({ brokers: kafka.bootstrapServers.split(","), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ["auto.pin"] });
      expect(topics[0]?.partitions).toHaveLength(2);
      const ends = await admin.fetchTopicOffsets("auto.pin");
      expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(2);
    } finally {
      await admin.disconnect();
    }
  }, 60_000);
});
