// The entry of every component thread run from source, plain JavaScript: a worker thread does not inherit the
// TypeScript loader of the thread that started it (nor vitest's), so it loads the component's thread module from a
// bundle of the sources, or through the tsx loader (see ../source-bundle.js). Compiled, a thread starts at that
// module directly.
import { workerData } from "node:worker_threads";
import { importFromSource } from "../source-bundle.js";

await importFromSource(workerData.module);
