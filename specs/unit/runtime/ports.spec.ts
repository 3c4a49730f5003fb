import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../harness/errors.ts";
import { assertPortFree, ephemeralPortFloor, freePort, freePorts } from "../../../harness/runtime/ports.ts";

let held: Server | undefined;
afterEach(() => held?.close());

function hold(port: number): Promise<number> {
  held = createServer();
  return new Promise((resolve) =>
    held?.listen(port, "127.0.0.1", () => resolve((held?.address() as { port: number }).port)),
  );
}

describe("ports", () => {
  it("hands out distinct free ports", async () => {
    const ports = await freePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const port of ports) await expect(assertPortFree(port, "127.0.0.1", "spec")).resolves.toBeUndefined();
  });

  it("picks ports below the range the kernel gives outgoing connections, which could take them meanwhile", async () => {
    const floor = ephemeralPortFloor();
    for (const port of await freePorts(20)) {
      expect(port).toBeGreaterThanOrEqual(10000);
      expect(port).toBeLessThan(floor);
    }
  });

  it("names the component, the port and the fix when a port is taken", async () => {
    const port = await hold(await freePort());
    await expect(assertPortFree(port, "127.0.0.1", "rest-proxy")).rejects.toMatchObject({
      code: ErrorCode.PortInUse,
      message: expect.stringContaining(`rest-proxy cannot listen on 127.0.0.1:${port}: the port is in use`),
      context: { component: "rest-proxy", port },
    });
  });
});
