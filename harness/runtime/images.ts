import { readFileSync } from "node:fs";
import { projectPath } from "../paths.ts";

/** Container images of the container runtime, pinned in one place: docker/images.json. */
export interface PinnedImages {
  mysql: string;
  kafka: string;
}

export function pinnedImages(): PinnedImages {
  return JSON.parse(readFileSync(projectPath("docker", "images.json"), "utf8")) as PinnedImages;
}
