import { once } from "node:events";
import { Socket } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorCode, isPinpipeError } from "../../../harness/errors.ts";
import { brokerRoute, routeTable } from "../../../harness/faults/net/broker-route.ts";
import { startEchoTarget, type EchoTarget } from "./tcp-helpers.ts";

let echo: EchoTarget;
beforeEach(async () => {
  echo = await startEchoTarget();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await echo.close();
});

describe("brokerRoute", () => {
  it("connects a kafkajs broker address to the mapped address, with kafkajs's keep-alive", async () => {
    const keepAlive = vi.spyOn(Socket.prototype, "setKeepAlive");
    const asked: string[] = [];
    const factory = brokerRoute((host, port) => {
      asked.push(`${host}:${port}`);
      return { host: echo.host, port: echo.port };
    });
    let connected = false;
    const socket = factory({
      host: "b-1.pinterest-msk.kafka.us-east-1.amazonaws.com",
      port: 9098,
      ssl: undefined as never,
      onConnect: () => (connected = true),
    });
    await once(socket, "connect");
    expect(connected).toBe(true);
    expect(asked).toEqual(["b-1.pinterest-msk.kafka.us-east-1.amazonaws.com:9098"]);
    expect(keepAlive).toHaveBeenCalledWith(true, 60_000);
    expect(socket.remotePort).toBe(echo.port);
    socket.write("metadata?");
    const [reply] = (await once(socket, "data")) as [Buffer];
    expect(reply.toString()).toBe("metadata?");
    socket.destroy();
  });
});

describe("routeTable", () => {
  const map = routeTable([
    { from: { host: "Broker-1", port: 9092 }, to: { host: "127.0.0.1", port: 40001 } },
    { from: { host: "broker-2", port: 9092 }, to: { host: "127.0.0.1", port: 40002 } },
  ]);

  it("maps each routed address, host case aside", () => {
    expect(map("broker-1", 9092)).toEqual({ host: "127.0.0.1", port: 40001 });
    expect(map("BROKER-2", 9092)).toEqual({ host: "127.0.0.1", port: 40002 });
  });

  it("refuses an address with no route instead of connecting around the proxy", () => {
    let caught: unknown;
    try {
      map("broker-3", 9092);
    } catch (error) {
      caught = error;
    }
    expect(isPinpipeError(caught, ErrorCode.InvalidOption)).toBe(true);
    expect((caught as Error).message).toContain("no fault proxy routes broker-3:9092");
    expect((caught as Error).message).toContain("broker-1:9092, broker-2:9092");
  });
});
