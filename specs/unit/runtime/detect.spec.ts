import { createServer, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../harness/errors.ts";
import { detectRuntime, dockerEndpoint, dockerEngineAnswers } from "../../../harness/runtime/detect.ts";

let engine: Server | undefined;
afterEach(() => engine?.close());

/** A stand-in Docker engine on a unix socket that answers `/_ping` with the given status. */
async function fakeEngine(status: number): Promise<string> {
  const socket = join(mkdtempSync(join(tmpdir(), "pinpipe-docker-")), "docker.sock");
  engine = createServer((req, res) => {
    res.statusCode = req.url === "/_ping" ? status : 404;
    res.end("OK");
  });
  await new Promise<void>((resolve) => engine?.listen(socket, resolve));
  return `unix://${socket}`;
}

describe("runtime detection", () => {
  it("reads DOCKER_HOST as a unix socket or a TCP address", () => {
    expect(dockerEndpoint("unix:///run/user/1000/docker.sock")).toEqual({ socketPath: "/run/user/1000/docker.sock" });
    expect(dockerEndpoint("tcp://10.1.2.3:2376")).toEqual({ host: "10.1.2.3", port: 2376 });
    expect(dockerEndpoint(undefined)).toEqual({ socketPath: "/var/run/docker.sock" });
  });

  it("picks native when no engine answers, and docker when one does", async () => {
    expect(await detectRuntime("auto", "unix:///nonexistent/docker.sock")).toBe("native");
    const host = await fakeEngine(200);
    expect(await dockerEngineAnswers(host)).toBe(true);
    expect(await detectRuntime("auto", host)).toBe("docker");
    expect(await detectRuntime("native", host)).toBe("native");
  });

  it("does not take an engine that answers with an error for a working one", async () => {
    const host = await fakeEngine(500);
    expect(await detectRuntime("auto", host)).toBe("native");
  });

  it("fails with the fix when docker is asked for and no engine answers", async () => {
    await expect(detectRuntime("docker", "unix:///nonexistent/docker.sock")).rejects.toMatchObject({
      code: ErrorCode.RuntimeUnavailable,
      message: expect.stringContaining("use --runtime native"),
    });
  });
});
