import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readConfig } from "../../harness/config.ts";
import { ErrorCode } from "../../harness/errors.ts";

describe("configuration", () => {
  it("has defaults that need no environment", () => {
    const settings = readConfig({ PATH: "/usr/bin" }, "/project");
    expect(settings).toMatchObject({
      runtime: "auto",
      cacheDir: join(homedir(), ".cache", "pinpipe"),
      stateDir: "/project/.pinpipe",
      keep: false,
      quiet: false,
      mavenArgs: [],
    });
  });

  it("reads every override", () => {
    const settings = readConfig(
      {
        PINPIPE_RUNTIME: "native",
        PINPIPE_CACHE_DIR: "/cache",
        PINPIPE_HOME: "state",
        PINPIPE_KEEP: "1",
        PINPIPE_QUIET: "true",
        PINPIPE_MAVEN_ARGS: "-s  /etc/settings.xml",
        DOCKER_HOST: "unix:///run/docker.sock",
      },
      "/project",
    );
    expect(settings).toMatchObject({
      runtime: "native",
      cacheDir: "/cache",
      stateDir: "/project/state",
      keep: true,
      quiet: true,
      mavenArgs: ["-s", "/etc/settings.xml"],
      dockerHost: "unix:///run/docker.sock",
    });
  });

  it("treats 0 and false as off", () => {
    expect(readConfig({ PINPIPE_KEEP: "0", PINPIPE_QUIET: "false" })).toMatchObject({ keep: false, quiet: false });
  });

  it("rejects an unknown runtime with the allowed values", () => {
    expect(() => readConfig({ PINPIPE_RUNTIME: "podman" })).toThrow(
      expect.objectContaining({
        code: ErrorCode.InvalidOption,
        message: expect.stringContaining("auto, native, docker"),
      }),
    );
  });
});
