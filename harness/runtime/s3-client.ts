import { S3Client } from "@aws-sdk/client-s3";

/** Where an S3 store answers and the credentials it takes. */
export interface S3Endpoint {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * The S3 client every part of pinpipe uses. Path-style, because a local store has no bucket subdomains;
 * checksums only when required, because the SDK's default CRC32 headers are not understood by every store.
 */
export function createS3Client(s3: Omit<S3Endpoint, "bucket">): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
