import { existsSync } from "node:fs";
import { request } from "node:http";
import type { RuntimeChoice } from "../config.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";

export type Runtime = "native" | "docker";

/** Where a Docker engine would answer: DOCKER_HOST (unix:// or tcp://) or the default socket. */
export function dockerEndpoint(dockerHost: string | undefined): { socketPath?: string; host?: string; port?: number } {
  if (dockerHost?.startsWith("unix://")) return { socketPath: dockerHost.slice("unix://".length) };
  if (dockerHost?.startsWith("tcp://")) {
    const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return { socketPath: "/var/run/docker.sock" };
}

/** True when a Docker engine answers `GET /_ping` within the timeout. No socket means no I/O at all. */
export function dockerEngineAnswers(dockerHost: string | undefined, timeoutMs = 1500): Promise<boolean> {
  const endpoint = dockerEndpoint(dockerHost);
  if (endpoint.socketPath && !existsSync(endpoint.socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ ...endpoint, path: "/_ping", method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
    req.end();
  });
}

/** `auto` picks Docker only when an engine answers; an explicit `docker` without one is an error. */
export async function detectRuntime(choice: RuntimeChoice, dockerHost: string | undefined): Promise<Runtime> {
  if (choice === "native") return "native";
  const docker = await dockerEngineAnswers(dockerHost);
  if (choice === "docker" && !docker) {
    throw new PinpipeError(
      ErrorCode.RuntimeUnavailable,
      "--runtime docker was asked for, but no Docker engine answers (checked DOCKER_HOST or /var/run/docker.sock). " +
        "Start Docker, or use --runtime native.",
      { context: { dockerHost } },
    );
  }
  return docker ? "docker" : "native";
}
