import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createKinesisServer,
  type KinesisRequest,
  type KinesisServer,
  type KinesisServerOptions,
} from "../../../harness/components/kinesis/index.ts";

/** 2015-01-22T01:22:02Z: a Thursday, so the Java date format shows all its parts. */
export const START_MS = Date.UTC(2015, 0, 22, 1, 22, 2);

export interface Answer {
  status: number;
  body: Buffer;
  text: string;
  json: () => Record<string, unknown>;
  header: (name: string) => string | undefined;
}

export interface ClockedKinesis {
  server: KinesisServer;
  dir: string;
  now(): number;
  advance(ms: number): void;
  /** A JSON-protocol call, signed in form, answered without a port. */
  call(action: string, body: unknown): Answer;
  request(request: Partial<KinesisRequest> & { body?: Buffer }): Answer;
  /** Closes this server and opens a new one on the same folder and clock: what a restart in place sees. */
  reopen(): ClockedKinesis;
  close(): void;
}

export const SIGNED_HEADERS = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=AKIAPINPIPEEXAMPLE00/20150122/us-east-1/kinesis/aws4_request, " +
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef",
  "x-amz-date": "20150122T012202Z",
};

function answer(response: { status: number; headers: [string, string][]; body: Buffer }): Answer {
  const text = response.body.toString("utf8");
  return {
    status: response.status,
    body: response.body,
    text,
    json: () => JSON.parse(text) as Record<string, unknown>,
    header: (name) => response.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
  };
}

/** A Kinesis server on a clock the spec moves, in a folder of its own, driven through `handle` (no port). */
export function clockedKinesis(
  options: Partial<KinesisServerOptions> = {},
  shared?: { dir: string; clock: { ms: number } },
): ClockedKinesis {
  const dir = shared?.dir ?? mkdtempSync(join(tmpdir(), "pinpipe-kinesis-unit-"));
  const clock = shared?.clock ?? { ms: START_MS };
  const server = createKinesisServer({
    dataDir: dir,
    now: () => clock.ms,
    createDelayMs: 0,
    deleteDelayMs: 0,
    ...options,
  });
  const request = (init: Partial<KinesisRequest> & { body?: Buffer }): Answer =>
    answer(
      server.handle({
        method: init.method ?? "POST",
        url: init.url ?? "/",
        headers: init.headers ?? {},
        body: init.body ?? Buffer.alloc(0),
      }),
    );
  return {
    server,
    dir,
    now: () => clock.ms,
    advance: (ms) => {
      clock.ms += ms;
    },
    request,
    call: (action, body) =>
      request({
        headers: {
          ...SIGNED_HEADERS,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `Kinesis_20131202.${action}`,
        },
        body: Buffer.from(typeof body === "string" ? body : JSON.stringify(body)),
      }),
    reopen: () => {
      server.close();
      return clockedKinesis(options, { dir, clock });
    },
    close: () => {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error body of an answer, checked to be a 400. */
export function errorOf(answer: Answer): Record<string, unknown> {
  if (answer.status !== 400) throw new Error(`expected a 400, got ${answer.status}: ${answer.text}`);
  return answer.json();
}
