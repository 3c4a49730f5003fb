import { describe, expect, it } from "vitest";
import { TEMPLATE_CLUSTER_ID } from "../../../harness/components/kafka/storage-template.ts";
import { quorumVoters, serverProperties, type KraftNode } from "../../../harness/components/kafka/properties.ts";

const node = (nodeId: number): KraftNode => ({
  nodeId,
  host: "127.0.0.1",
  brokerPort: 9000 + nodeId,
  controllerPort: 9100 + nodeId,
  logDir: `/stack/kafka/node-${nodeId}/data`,
});

function parse(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}

describe("kafka server.properties", () => {
  const settings = { autoCreateTopics: false, defaultPartitions: 1, internalReplicationFactor: 1 };

  it("makes one combined KRaft node on loopback, with MSK's no-auto-create and no rebalance delay", () => {
    const props = parse(serverProperties(node(1), [node(1)], settings));
    expect(props).toMatchObject({
      "process.roles": "broker,controller",
      "node.id": "1",
      "controller.quorum.voters": "1@127.0.0.1:9101",
      listeners: "PLAINTEXT://127.0.0.1:9001,CONTROLLER://127.0.0.1:9101",
      "advertised.listeners": "PLAINTEXT://127.0.0.1:9001",
      "auto.create.topics.enable": "false",
      "offsets.topic.replication.factor": "1",
      "group.initial.rebalance.delay.ms": "0",
      "log.dirs": "/stack/kafka/node-1/data",
    });
  });

  it("gives every node of a three-node cluster the same voters and its own ports", () => {
    const nodes = [node(1), node(2), node(3)];
    const all = nodes.map((n) => parse(serverProperties(n, nodes, { ...settings, internalReplicationFactor: 3 })));
    expect(quorumVoters(nodes)).toBe("1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103");
    for (const [i, props] of all.entries()) {
      expect(props["controller.quorum.voters"]).toBe(quorumVoters(nodes));
      expect(props["node.id"]).toBe(String(i + 1));
      expect(props["advertised.listeners"]).toBe(`PLAINTEXT://127.0.0.1:${9001 + i}`);
      expect(props["offsets.topic.replication.factor"]).toBe("3");
    }
  });

  it("applies overrides last", () => {
    const props = parse(
      serverProperties(node(1), [node(1)], { ...settings, overrides: { "auto.create.topics.enable": "true" } }),
    );
    expect(props["auto.create.topics.enable"]).toBe("true");
  });
});

describe("kafka cluster id", () => {
  it("is 22 base64url characters and does not start with a dash (the storage tool would read an option)", () => {
    expect(TEMPLATE_CLUSTER_ID).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
