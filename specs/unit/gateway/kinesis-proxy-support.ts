import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayRequest } from "../../../harness/components/gateway/handler.ts";
import type { HeaderPair } from "../../../harness/components/gateway/headers.ts";
import { memoryLines } from "../../../harness/components/gateway/line-file.ts";
import { createGatewayServer, type GatewayServerOptions } from "../../../harness/components/gateway/server.ts";
import { startKinesis, type StartedKinesis } from "../../../harness/components/kinesis/index.ts";

export interface Answer {
  status: number;
  headers: HeaderPair[];
  text: string;
  json: () => Record<string, unknown>;
}

export interface KinesisProxyUnderTest {
  kinesis: StartedKinesis;
  gateway: ReturnType<typeof createGatewayServer>;
  accessLog: ReturnType<typeof memoryLines>;
  journal: ReturnType<typeof memoryLines>;
  /** One call through the gateway's handler; a JSON body is sent as Python's `requests.put(url, json=...)` does. */
  call(
    method: string,
    path: string,
    options?: { json?: unknown; body?: string; headers?: HeaderPair[] },
  ): Promise<Answer>;
  dispose(): Promise<void>;
}

/** `json.dumps` with its defaults (`", "`, `": "`, non-ASCII escaped): what `requests` sends for `json=`. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).map(([key, member]) => `${pythonJson(key)}: ${pythonJson(member)}`);
    return `{${members.join(", ")}}`;
  }
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A Kinesis stand-in on a free port and a gateway (no listener) whose resources call it over HTTP. */
export async function kinesisProxyUnderTest(setup: Partial<GatewayServerOptions>): Promise<KinesisProxyUnderTest> {
  const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-kinesis-"));
  const kinesis = await startKinesis({ stackDir, createDelayMs: 0, deleteDelayMs: 0 });
  const accessLog = memoryLines();
  const journal = memoryLines();
  const gateway = createGatewayServer({
    target: "http://127.0.0.1:8082",
    apiId: "a1b2c3d4e5",
    awsEndpoints: { kinesis: kinesis.endpoint },
    accessLog,
    journal,
    ...setup,
  });
  async function call(
    method: string,
    path: string,
    options: { json?: unknown; body?: string; headers?: HeaderPair[] } = {},
  ): Promise<Answer> {
    const body = options.json === undefined ? (options.body ?? "") : pythonJson(options.json);
    const headers: HeaderPair[] = [
      ["Host", "127.0.0.1:4000"],
      ["User-Agent", "python-requests/2.31.0"],
      ...(options.json === undefined ? [] : ([["Content-Type", "application/json"]] as HeaderPair[])),
      ...(options.headers ?? []),
    ];
    const request: GatewayRequest = {
      method,
      url: path,
      rawHeaders: headers.flat(),
      body: Buffer.from(body),
      sourceIp: "127.0.0.1",
      keepAlive: true,
    };
    const { response } = await gateway.handle(request);
    const text = response.body.toString("utf8");
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  }
  return {
    kinesis,
    gateway,
    accessLog,
    journal,
    call,
    async dispose() {
      await gateway.close();
      await kinesis.stop();
      rmSync(stackDir, { recursive: true, force: true });
    },
  };
}
