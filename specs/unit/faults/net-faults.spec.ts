import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode, isPinpipeError } from "../../../harness/errors.ts";
import { createNetFaults, type NetFaults } from "../../../harness/faults/net/net-faults.ts";
import { sleep, startEchoTarget, type EchoTarget } from "./tcp-helpers.ts";

let brokers: EchoTarget[];
let s3: EchoTarget;
let faults: NetFaults;

beforeEach(async () => {
  brokers = [await startEchoTarget(), await startEchoTarget()];
  s3 = await startEchoTarget();
  faults = createNetFaults();
});
afterEach(async () => {
  await faults.stopAll();
  await Promise.all([...brokers, s3].map((target) => target.close()));
});

function invalidOption(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(isPinpipeError(error, ErrorCode.InvalidOption)).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected an InvalidOption error");
}

describe("createNetFaults", () => {
  it("starts one proxy per target and lists the links with their faults", async () => {
    const kafka = await faults.add("rest-proxy->kafka", brokers);
    await faults.add("sink->s3", s3, { fault: { kind: "latency", ms: 50 } });
    expect(kafka.proxies.map((proxy) => proxy.target.port)).toEqual(brokers.map((broker) => broker.port));
    faults.set("rest-proxy->kafka", "bandwidth=1mb/s");
    expect(faults.list()).toEqual([
      {
        name: "rest-proxy->kafka",
        fault: "bandwidth=1mb/s",
        proxies: kafka.proxies.map((proxy) => ({
          listen: `127.0.0.1:${proxy.port}`,
          target: `${proxy.target.host}:${proxy.target.port}`,
        })),
      },
      {
        name: "sink->s3",
        fault: "latency=50ms",
        proxies: [{ listen: expect.stringMatching(/^127\.0\.0\.1:\d+$/), target: `127.0.0.1:${s3.port}` }],
      },
    ]);
    for (const proxy of kafka.proxies) expect(proxy.fault()).toEqual({ kind: "bandwidth", bytesPerSecond: 1048576 });
  });

  it("routes each broker's own address through that broker's proxy, so a fault on the link reaches it", async () => {
    const link = await faults.add("sink->kafka", brokers);
    const second = brokers[1] as EchoTarget;
    const socket = link.socketFactory({
      host: second.host,
      port: second.port,
      ssl: undefined as never,
      onConnect: () => {},
    });
    await once(socket, "connect");
    expect(socket.remotePort).toBe(link.proxies[1]?.port);
    socket.write("ping");
    expect(((await once(socket, "data")) as [Buffer])[0].toString()).toBe("ping");
    expect(link.proxies[1]?.connections()).toBe(1);

    faults.set("sink->kafka", "blackhole");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.write("lost?");
    await sleep(200);
    expect(chunks).toEqual([]);
    faults.set("sink->kafka", "off");
    await once(socket, "data");
    expect(Buffer.concat(chunks).toString()).toBe("lost?");
    socket.destroy();
  });

  it("names what is wrong with a link or a fault", async () => {
    await faults.add("rest-proxy->kafka", brokers);
    expect(invalidOption(() => faults.set("gateway->rest-proxy", "off"))).toBe(
      'no network link "gateway->rest-proxy" (links: rest-proxy->kafka)',
    );
    expect(invalidOption(() => faults.set("rest-proxy->kafka", "latency=soon"))).toContain(
      'invalid fault "latency=soon"',
    );
    expect(invalidOption(() => faults.get("rest-proxy->kafka").route("127.0.0.1", 1))).toContain(
      "no fault proxy routes 127.0.0.1:1",
    );
    await expect(faults.add("rest-proxy->kafka", brokers)).rejects.toThrow('network link "rest-proxy->kafka" already');
    await expect(faults.add("kafka" as "a->b", brokers)).rejects.toThrow("must be named <client>-><server>");
  });

  it("stopAll stops every proxy and forgets the links", async () => {
    const link = await faults.add("sink->s3", s3);
    await faults.stopAll();
    expect(faults.list()).toEqual([]);
    const refused = connect({ host: "127.0.0.1", port: link.proxies[0]?.port ?? 0 });
    const [error] = (await once(refused, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
  });
});
