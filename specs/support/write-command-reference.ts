// `npm run docs`: rewrites the README's command reference from the command declarations.
import { readFileSync, writeFileSync } from "node:fs";
import { projectPath } from "../../harness/paths.ts";
import { withCommandReference } from "./command-reference.ts";

const readme = projectPath("README.md");
writeFileSync(readme, withCommandReference(readFileSync(readme, "utf8")));
