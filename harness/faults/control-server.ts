import { createServer, type Server } from "node:http";
import { isPinpipeError, ErrorCode } from "../errors.ts";
import { listenOn } from "../runtime/ports.ts";
import type { StackFaults } from "./stack-faults.ts";

const MAX_BODY_BYTES = 4096;

/**
 * The faults of a detached stack, reachable by `pinpipe fault`: `POST /faults` with the fault as text applies it
 * and answers what was applied (JSON); `GET /faults` lists what was applied so far and the network links. Only on
 * loopback, for the user who started the stack.
 */
export function createFaultControlServer(faults: StackFaults, afterEach: () => Promise<void>): Server {
  return createServer((request, response) => {
    const answer = (status: number, body: unknown): void => {
      response.writeHead(status, { "content-type": "application/json" }).end(`${JSON.stringify(body)}\n`);
    };
    if (request.url !== "/faults") return answer(404, { error: "only /faults is served" });
    if (request.method === "GET") return answer(200, { applied: faults.applied, links: faults.links() });
    if (request.method !== "POST") return answer(405, { error: "GET or POST" });
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) return answer(413, { error: "a fault is one short line" });
      const text = Buffer.concat(chunks).toString("utf8");
      faults
        .apply(text)
        .then(async (applied) => {
          await afterEach();
          answer(200, applied);
        })
        .catch((error: unknown) => {
          const usage = isPinpipeError(error, ErrorCode.InvalidOption);
          answer(usage ? 400 : 500, {
            error: (error as Error).message,
            ...(isPinpipeError(error) && { code: error.code }),
          });
        });
    });
  });
}

export async function startFaultControl(
  faults: StackFaults,
  afterEach: () => Promise<void>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createFaultControlServer(faults, afterEach);
  const port = await listenOn(server, 0, "127.0.0.1", "fault control");
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
