import { describe, expect, it } from "vitest";
import { kafkaContainerSettings } from "../../../harness/components/kafka/container.ts";
import { mysqlContainerSettings } from "../../../harness/components/mysql/container.ts";
import { pinnedImages } from "../../../harness/runtime/images.ts";

describe("container runtime settings", () => {
  it("pins numeric image tags: MySQL 8, and a cp-kafka that Testcontainers runs in KRaft mode (7.0 or later)", () => {
    const images = pinnedImages();
    expect(images.mysql).toMatch(/^mysql:8\.\d+\.\d+$/);
    const kafkaTag = images.kafka.match(/^confluentinc\/cp-kafka:(\d+)\.(\d+)\.(\d+)$/);
    expect(kafkaTag).not.toBeNull();
    expect(Number(kafkaTag?.[1])).toBeGreaterThanOrEqual(7);
  });

  it("starts MySQL with the Pinterest database, a generated root password, utf8mb4 and UTC", () => {
    const a = mysqlContainerSettings({ port: 13306 });
    const b = mysqlContainerSettings({ port: 13306 });
    expect(a.image).toBe(pinnedImages().mysql);
    expect(a.database).toBe("pinterest_data");
    expect(a.rootPassword).toMatch(/^[0-9a-f]{24}$/);
    expect(a.rootPassword).not.toBe(b.rootPassword);
    expect(a.command).toEqual(expect.arrayContaining(["--character-set-server=utf8mb4", "--default-time-zone=+00:00"]));
    // MySQL 8's own sql_mode is the point of running it: the container must not override it.
    expect(a.command.some((flag) => flag.startsWith("--sql-mode"))).toBe(false);
    expect(a.exposedPort).toEqual({ container: 3306, host: 13306 });
  });

  it("starts Kafka without topic auto-creation, as on MSK, unless asked", () => {
    expect(kafkaContainerSettings({ port: 19093 }).environment).toMatchObject({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
    });
    expect(kafkaContainerSettings({ autoCreateTopics: true, partitions: 3, port: 19093 }).environment).toMatchObject({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "true",
      KAFKA_NUM_PARTITIONS: "3",
    });
  });

  it("binds Kafka's client listener to the host port chosen up front: the broker advertises it", () => {
    expect(kafkaContainerSettings({ port: 19093 }).exposedPort).toEqual({ container: 9093, host: 19093 });
    expect(() => kafkaContainerSettings({ port: 0 })).toThrow(/host port 0/);
  });
});
