import { describe, expect, it, vi } from "vitest";
import type { StartedKafka } from "../../../harness/components/kafka/index.ts";
import type { StartedS3 } from "../../../harness/components/s3/index.ts";
import { dockerStarters } from "../../../harness/starters/docker.ts";

/** Each component's container starter, faked: a handle whose disposal (its container's removal) is recorded. */
const log = vi.hoisted(() => [] as string[]);
const handle = vi.hoisted(
  () =>
    (name: string, facts: object = {}) =>
      Promise.resolve({
        ...facts,
        stop: async () => {
          log.push(`${name} stop`);
        },
        [Symbol.asyncDispose]: async () => {
          log.push(`${name} disposed`);
        },
      }),
);

vi.mock("../../../harness/runtime/container-network.ts", () => ({
  startContainerNetwork: async () => ({
    stop: async () => {
      log.push("network removed");
    },
  }),
}));
vi.mock("../../../harness/components/mysql/container.ts", () => ({ startContainerMysql: () => handle("mysql") }));
vi.mock("../../../harness/components/kafka/container-network.ts", () => ({
  startContainerKafkaOnNetwork: () => handle("kafka", { networkBootstrapServers: "kafka:9092" }),
}));
vi.mock("../../../harness/components/s3/container.ts", () => ({ startContainerS3: () => handle("s3") }));
vi.mock("../../../harness/components/rest-proxy/container.ts", () => ({
  startContainerRestProxy: () => handle("rest-proxy"),
}));
vi.mock("../../../harness/components/sink/container.ts", () => ({ startContainerSink: () => handle("sink") }));

const context = {
  placement: { stackDir: "/stack", logDir: "/stack/logs", cacheDir: "/cache" },
  kafka: { topics: [] },
  bucket: "user-0a1b2c3d4e5f-bucket",
  restProxyPort: 8082,
};

describe("the container runtime's starters", () => {
  it("keep the containers through the components' stops, and remove them, then the network, on close", async () => {
    log.length = 0;
    const starters = dockerStarters(context);
    const kafka = await starters.kafka();
    const s3 = await starters.s3();
    await Promise.all([starters.mysql(), starters.restProxy(kafka), starters.sink(kafka, s3)]);
    // The stack stops every component first: that keeps each container, for a start in place.
    for (const started of [kafka, s3] as (StartedKafka | StartedS3)[]) await started.stop();
    expect(log).toEqual(["kafka stop", "s3 stop"]);
    await starters.close();
    expect(log.slice(2, 7).sort()).toEqual(
      ["kafka disposed", "mysql disposed", "rest-proxy disposed", "s3 disposed", "sink disposed"].sort(),
    );
    expect(log.slice(7)).toEqual(["network removed"]);
    // A second close has nothing left to remove.
    await starters.close();
    expect(log).toHaveLength(8);
  });

  it("close without any container started removes nothing", async () => {
    log.length = 0;
    await dockerStarters(context).close();
    expect(log).toEqual([]);
  });
});
