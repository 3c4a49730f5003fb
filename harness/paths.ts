import { fileURLToPath } from "node:url";

/** The project's root folder (where package.json is), wherever it is installed. */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

export function projectPath(...parts: string[]): string {
  return fileURLToPath(new URL(`../${parts.join("/")}`, import.meta.url));
}
