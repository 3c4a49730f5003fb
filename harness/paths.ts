import { fileURLToPath } from "node:url";

// From source this file is harness/paths.ts; in the published package it is compiled to dist/harness/paths.js.
// The package root (package.json, bin/, docker/, fixtures/) is one folder up from the one, two from the other.
const ROOT_URL = new URL(import.meta.url.endsWith(".ts") ? "../" : "../../", import.meta.url);

/** The project's root folder (where package.json is), wherever it is installed. */
export const PROJECT_ROOT = fileURLToPath(ROOT_URL);

export function projectPath(...parts: string[]): string {
  return fileURLToPath(new URL(parts.join("/"), ROOT_URL));
}
