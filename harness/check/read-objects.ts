import { gunzipSync } from "node:zlib";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { finding, FindingCode } from "./finding-codes.ts";
import { parseObjectKey } from "./object-keys.ts";
import type { Finding, SinkObject } from "./types.ts";

export interface ReadObjectsResult {
  objects: SinkObject[];
  /** Keys under the prefix that the sink would never have written. */
  strays: Finding[];
}

/** Every key under the prefix, with when the store says it was last written. */
async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<Map<string, Date | undefined>> {
  const keys = new Map<string, Date | undefined>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) if (object.Key) keys.set(object.Key, object.LastModified);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

function splitLines(text: string): { lines: string[]; endsWithNewline: boolean } {
  const endsWithNewline = text.endsWith("\n");
  const body = endsWithNewline ? text.slice(0, -1) : text;
  return { lines: body === "" ? [] : body.split("\n"), endsWithNewline };
}

/** Every sink object under `prefix`, read whole (a few at a time, as a bucket may hold thousands). */
export async function readSinkObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  concurrency = 16,
): Promise<ReadObjectsResult> {
  const keys = await listKeys(client, bucket, prefix);
  const strays: Finding[] = [];
  const parsed = [...keys].flatMap(([key, lastModified]) => {
    const parts = parseObjectKey(key);
    if (!parts) {
      strays.push(finding(FindingCode.BadKey, { message: "not a key the S3 sink writes", where: key }));
      return [];
    }
    return [{ key, parts, lastModified: lastModified?.toISOString() }];
  });
  const objects: SinkObject[] = new Array(parsed.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < parsed.length) {
      const index = next++;
      const { key, parts, lastModified } = parsed[index] as (typeof parsed)[number];
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const raw = Buffer.from(await (response.Body?.transformToByteArray() ?? Promise.resolve(new Uint8Array())));
      const bytes = parts.extension.endsWith(".gz") ? gunzipSync(raw) : raw;
      objects[index] = {
        key,
        ...parts,
        ...(lastModified === undefined ? {} : { lastModified }),
        ...splitLines(bytes.toString("utf8")),
        size: raw.length,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, parsed.length) }, worker));
  return { objects, strays };
}
