// The gateway thread's entry, plain JavaScript: a worker thread does not inherit the TypeScript loader of the
// thread that started it (nor vitest's), so it registers tsx itself before importing the gateway.
import { register } from "tsx/esm/api";

register();
await import("./thread-main.ts");
