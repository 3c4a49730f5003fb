import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createS3Client } from "../../harness/components/s3/index.ts";

const stack = inject("stack");
const s3: S3Client = createS3Client(stack.s3);
afterAll(() => s3.destroy());

describe("s3", () => {
  it("has the user's bucket, named as on the course's AWS accounts", async () => {
    expect(stack.s3.bucket).toBe(`user-${stack.userId}-bucket`);
    expect(stack.s3.region).toBe("us-east-1");
    await expect(s3.send(new HeadBucketCommand({ Bucket: stack.s3.bucket }))).resolves.toBeDefined();
  });

  it("stores, lists by prefix and returns objects byte for byte", async () => {
    // Outside topics/: the stack's sink owns that prefix and writes there whenever a spec produces.
    const key = `manual/${stack.userId}.pin/partition=0/${stack.userId}.pin+0+0000000000.json`;
    const body = '{"index":7528,"title":"Ünïcode 📌"}\n';
    await s3.send(new PutObjectCommand({ Bucket: stack.s3.bucket, Key: key, Body: body }));
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: stack.s3.bucket, Prefix: `manual/${stack.userId}.pin/` }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([key]);
    const got = await s3.send(new GetObjectCommand({ Bucket: stack.s3.bucket, Key: key }));
    expect(await got.Body?.transformToString("utf8")).toBe(body);
  });

  it("refuses requests signed with the wrong secret", async () => {
    const stranger = createS3Client({ ...stack.s3, secretAccessKey: "not-the-secret" });
    await expect(stranger.send(new HeadBucketCommand({ Bucket: stack.s3.bucket }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    stranger.destroy();
  });
});
