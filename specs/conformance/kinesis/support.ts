import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { startKinesis, type KinesisOptions, type StartedKinesis } from "../../../harness/components/kinesis/index.ts";

export const ACCOUNT = "000000000000";
export const REGION = "us-east-1";

export interface KinesisUnderTest {
  kinesis: StartedKinesis;
  client: KinesisClient;
  stackDir: string;
  /** Stops the server and the client and removes the folder. */
  dispose(): Promise<void>;
}

/** A Kinesis stand-in on a free port in a folder of its own, with an SDK client that does not retry. */
export async function kinesisUnderTest(options: Partial<KinesisOptions> = {}): Promise<KinesisUnderTest> {
  const stackDir = mkdtempSync(join(tmpdir(), "pinpipe-kinesis-"));
  const kinesis = await startKinesis({ stackDir, createDelayMs: 0, deleteDelayMs: 0, ...options });
  const client = sdkClient(kinesis);
  return {
    kinesis,
    client,
    stackDir,
    async dispose() {
      client.destroy();
      await kinesis.stop();
      rmSync(stackDir, { recursive: true, force: true });
    },
  };
}

export function sdkClient(kinesis: StartedKinesis): KinesisClient {
  return new KinesisClient({
    endpoint: kinesis.endpoint,
    region: kinesis.region,
    credentials: { accessKeyId: "AKIAPINPIPEEXAMPLE00", secretAccessKey: "not-checked" },
    maxAttempts: 1,
  });
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

/** A request as a client that signs would send it (the signature's form is right; its value is not checked). */
export const SIGNED = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=AKIAPINPIPEEXAMPLE00/20260101/us-east-1/kinesis/aws4_request, " +
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0123456789abcdef",
  "x-amz-date": "20260101T000000Z",
};

export async function raw(
  kinesis: StartedKinesis,
  init: { method?: string; headers?: Record<string, string>; body?: string; path?: string },
): Promise<RawResponse> {
  const response = await fetch(`${kinesis.url}${init.path ?? "/"}`, {
    method: init.method ?? "POST",
    headers: init.headers ?? {},
    ...(init.body !== undefined && { body: init.body }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

/** A JSON-protocol call, signed in form, with an action and a body. */
export function call(kinesis: StartedKinesis, action: string, body: unknown): Promise<RawResponse> {
  return raw(kinesis, {
    headers: {
      ...SIGNED,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `Kinesis_20131202.${action}`,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The error an SDK call rejected with: its name, message and HTTP status. */
export async function sdkError(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("the call succeeded");
}
