import { PinpipeError, ErrorCode } from "../../errors.ts";
import type { KinesisServer } from "./server.ts";

/** A stream that exists from the start, as streams made in the console before a run do. */
export interface InitialStream {
  name: string;
  shardCount: number;
}

/**
 * Creates the streams through the server's own request path (CreateStream, as a client would send it), so they are
 * made, stored and validated exactly as any other. A stream that is there already (a restart) is left as it is.
 */
export function createInitialStreams(kinesis: KinesisServer, streams: readonly InitialStream[]): void {
  const date = new Date(kinesis.service.now())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  for (const stream of streams) {
    const response = kinesis.handle({
      method: "POST",
      url: "/",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "Kinesis_20131202.CreateStream",
        "x-amz-date": date,
        // The stand-in reads the signature's form, never its validity.
        authorization:
          `AWS4-HMAC-SHA256 Credential=PINPIPELOCAL/${date.slice(0, 8)}/${kinesis.service.region}/kinesis/aws4_request, ` +
          "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0",
      },
      body: Buffer.from(JSON.stringify({ StreamName: stream.name, ShardCount: stream.shardCount })),
    });
    if (response.status === 200) continue;
    const text = response.body.toString("utf8");
    if (text.includes("ResourceInUseException")) continue;
    throw new PinpipeError(ErrorCode.StartFailed, `kinesis: stream ${stream.name} could not be created: ${text}`, {
      context: { component: "kinesis", stream: stream.name },
    });
  }
}
