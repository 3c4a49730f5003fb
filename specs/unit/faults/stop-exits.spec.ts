import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("a process that stops its fault proxy exits by itself: no timer, socket or listener is left", async () => {
  const script = fileURLToPath(new URL("./stop-exits-child.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // The proxy above holds a 60 s delay and a 1 byte/s throttle: a leaked timer would keep the child far longer.
  const hung = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once("exit", (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  clearTimeout(hung);
  expect(output).toMatch(/^stopped \d+/);
  expect(signal).toBeNull();
  expect(code).toBe(0);
}, 40_000);
