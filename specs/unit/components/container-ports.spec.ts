import type { StartedNetwork } from "testcontainers";
import { describe, expect, it } from "vitest";
import { kafkaContainerBuilder, kafkaContainerSettings } from "../../../harness/components/kafka/container.ts";
import { mysqlContainerBuilder, mysqlContainerSettings } from "../../../harness/components/mysql/container.ts";

/**
 * What Testcontainers' modules will ask Docker for, read from the builders before any engine is involved: a start
 * in place keeps its host ports only if each binding is fixed, and the Kafka module binds its port again itself.
 */
interface BuilderInternals {
  hostConfig: { PortBindings?: Record<string, { HostPort: string }[]> };
  createOpts: { ExposedPorts?: Record<string, unknown> };
  environment: Record<string, string>;
  beforeContainerCreated?(): Promise<void>;
}

const internals = (builder: object): BuilderInternals => builder as unknown as BuilderInternals;

describe("container host ports", () => {
  it("binds MySQL's 3306 to the chosen host port, over the module's own random binding", () => {
    const builder = internals(mysqlContainerBuilder(mysqlContainerSettings({ port: 13306 })));
    expect(builder.hostConfig.PortBindings).toEqual({ "3306/tcp": [{ HostPort: "13306" }] });
  });

  it("binds Kafka's client listener to the chosen host port, even after the module binds it again", async () => {
    const network = { getName: () => "pinpipe-net" } as unknown as StartedNetwork;
    const builder = internals(
      kafkaContainerBuilder(kafkaContainerSettings({ port: 19093 }), { network, alias: "kafka" }),
    );
    expect(builder.hostConfig.PortBindings).toEqual({ "9093/tcp": [{ HostPort: "19093" }] });
    // What the module does just before it creates the container, with no engine call.
    await builder.beforeContainerCreated?.();
    expect(builder.hostConfig.PortBindings).toEqual({ "9093/tcp": [{ HostPort: "19093" }] });
    expect(Object.keys(builder.createOpts.ExposedPorts ?? {})).toEqual(["9093/tcp"]);
    // Containers on the network reach the broker by its alias, which Docker keeps across a stop and a start.
    expect(builder.environment.KAFKA_ADVERTISED_LISTENERS).toBe("BROKER://kafka:9092");
  });
});
