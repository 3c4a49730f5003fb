import { Kafka, logLevel } from "kafkajs";
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");

describe("the stack's REST proxy", () => {
  it("accepts the emulator's request for the user's pin topic and writes the record to Kafka", async () => {
    const topic = `${stack.userId}.pin`;
    const value = { index: 7528, title: "No Title Data Available", downloaded: 0 };
    const response = await fetch(`${stack.restProxyUrl}/topics/${topic}`, {
      method: "POST",
      headers: { "content-type": "application/vnd.kafka.json.v2+json" },
      body: JSON.stringify({ records: [{ value }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.kafka.v2+json");
    const body = (await response.json()) as { offsets: Array<{ partition: number; offset: number }> };
    const [ack] = body.offsets;
    expect(ack).toMatchObject({ partition: 0, error_code: null, error: null });

    const admin = new Kafka({ brokers: [stack.kafka.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [partition] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(Number(partition?.high)).toBeGreaterThan(ack?.offset ?? Infinity);
  });
});

describe("the stack's invoke URL", () => {
  it("passes the emulator's POST through the gateway to the REST proxy and returns its 200 body", async () => {
    expect(stack.invokeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/prod$/);
    const response = await fetch(`${stack.invokeUrl}/topics/${stack.userId}.geo`, {
      method: "POST",
      headers: { "content-type": "application/vnd.kafka.json.v2+json" },
      body: JSON.stringify({ records: [{ value: { ind: 7528, country: "Albania" } }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    const text = await response.text();
    expect(text).toMatch(
      /^\{"offsets":\[\{"partition":0,"offset":\d+,"error_code":null,"error":null\}\],"key_schema_id":null,"value_schema_id":null\}$/,
    );
  });
});
