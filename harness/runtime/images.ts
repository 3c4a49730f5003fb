import { readFileSync } from "node:fs";
import { projectPath } from "../paths.ts";

/** Container images of the container runtime, pinned in one place: docker/images.json. */
export interface PinnedImages {
  mysql: string;
  kafka: string;
  /** Confluent REST Proxy: the 7.2 line, which the TypeScript proxy reproduces. */
  restProxy: string;
  /** S3Proxy, the same server the native runtime runs from Maven Central. */
  s3: string;
  /** The base of docker/connect/Dockerfile, which adds the Confluent S3 sink plugin. */
  connect: string;
}

export function pinnedImages(): PinnedImages {
  return JSON.parse(readFileSync(projectPath("docker", "images.json"), "utf8")) as PinnedImages;
}

/**
 * How long a graceful stop lets a container's process shut down after SIGTERM. Testcontainers' own default is 0,
 * which is a kill: a Connect worker would then neither commit offsets nor leave its group.
 */
export const GRACEFUL_STOP_MS = 10_000;
