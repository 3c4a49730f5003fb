import type { S3Endpoint } from "../../runtime/s3-client.ts";
import type { StartedComponent } from "../types.ts";

/** Connection facts of the S3 store, as StackInfo.s3 carries them. */

export interface StartedS3 extends StartedComponent, S3Endpoint {
  /** Where the filesystem backend keeps the objects: `<dataDir>/<bucket>/<key>`. */
  dataDir: string;
}

/** The bucket name of the course's AWS accounts. */
export function defaultBucket(userId: string): string {
  return `user-${userId}-bucket`;
}

export { startNativeS3, type NativeS3Options } from "./native.ts";
export { createS3Client, type S3Endpoint } from "../../runtime/s3-client.ts";
