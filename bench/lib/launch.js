// Runs a bench's server script as pinpipe runs its own code: from an esbuild bundle of the script and the sources it
// imports (harness/runtime/source-bundle.js), not through the tsx loader, whose transform adds a call to every
// closure a request makes and so charges the server under test for the loader.
// Usage: node bench/lib/launch.js <script.ts> [args...]; the script sees its own arguments from process.argv[2].
//
// Plain JavaScript on purpose: it runs before any TypeScript loader.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { importFromSource } from "../../harness/runtime/source-bundle.js";

const [script] = process.argv.splice(2, 1);
if (script === undefined) throw new Error("usage: node bench/lib/launch.js <script.ts> [args...]");
await importFromSource(pathToFileURL(resolve(script)).href);
