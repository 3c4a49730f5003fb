#!/usr/bin/env node
// The published entry: registers the TypeScript loader so the harness runs from source without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../harness/cli.ts");
process.exitCode = await main(process.argv.slice(2));
