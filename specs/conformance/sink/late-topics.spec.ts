import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSink, type StartedSink } from "../../../harness/components/sink/index.ts";
import {
  baseConfig,
  closeClients,
  createBucket,
  createTopic,
  produce,
  rest,
  unique,
  until,
  waitForObjects,
  workerOptions,
  type Target,
} from "./support.ts";

// A worker of its own, with a short metadata.max.age.ms, so a new topic matching topics.regex is found in seconds
// (the Java consumer's default is 5 minutes; a spec cannot wait that long).
const METADATA_MAX_AGE_MS = 2_000;
let sink: StartedSink;
let target: Target;
const bucket = unique("late-topics");

beforeAll(async () => {
  sink = await startSink({ ...workerOptions(), metadataMaxAgeMs: METADATA_MAX_AGE_MS });
  target = { url: sink.url, external: false, sink, stop: () => sink.stop() };
  await createBucket(bucket);
});
afterAll(async () => {
  await sink?.stop();
  await closeClients();
});

async function taskState(name: string): Promise<string | undefined> {
  const status = await rest(target, "GET", `/connectors/${name}/status`);
  return (status.body as { tasks?: { state: string }[] }).tasks?.[0]?.state;
}

async function threeRecordsLand(topic: string): Promise<void> {
  await produce(topic, [{ value: '{"n":0}' }, { value: '{"n":1}' }, { value: '{"n":2}' }]);
  const key = `topics/${topic}/partition=0/${topic}+0+0000000000.json`;
  const objects = await waitForObjects(bucket, [key], `topics/${topic}/`);
  expect(objects.get(key)?.toString("utf8")).toBe('{"n":0}\n{"n":1}\n{"n":2}\n');
}

describe("topics that do not exist yet when the connector starts", () => {
  it("an explicit topic: the task stays RUNNING, waiting, and consumes the topic once it is created", async () => {
    const topic = unique("late-explicit");
    const name = unique("late-explicit-c");
    const created = await rest(target, "POST", "/connectors", { name, config: baseConfig(bucket, topic) });
    expect(created.status).toBe(201);
    await until("the task running", async () => ((await taskState(name)) === "RUNNING" ? true : undefined));
    // Still running a while later: a subscription to a missing topic is no failure for the Java consumer.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await taskState(name)).toBe("RUNNING");
    await createTopic(topic);
    await threeRecordsLand(topic);
  });

  it("topics.regex: a topic created later that matches is picked up at the next metadata refresh", async () => {
    const stem = unique("late-re");
    const name = unique("late-re-c");
    const config = { ...baseConfig(bucket, ""), "topics.regex": `${stem}-.*` };
    delete (config as Record<string, string>).topics;
    const created = await rest(target, "POST", "/connectors", { name, config });
    expect(created.status).toBe(201);
    await until("the task running", async () => ((await taskState(name)) === "RUNNING" ? true : undefined));
    const topic = `${stem}-a`;
    await createTopic(topic);
    await threeRecordsLand(topic);
  });
});
