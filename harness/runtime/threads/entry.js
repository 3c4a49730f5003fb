// The entry of every component thread run from source, plain JavaScript: a worker thread does not inherit the
// TypeScript loader of the thread that started it (nor vitest's), so it registers tsx itself, then imports the
// component's thread module. Compiled, a thread starts at that module directly.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.module);
