import { S3Client } from "@aws-sdk/client-s3";
import { partitionActivity, runStartMs, s3TimeResolutionMs } from "./activity.ts";
import { readSinkObjects } from "./read-objects.ts";
import { checkStructure, type StructureOptions } from "./structure.ts";
import type { CheckReport } from "./types.ts";

export interface BucketCheckOptions extends StructureOptions {
  bucket: string;
  region: string;
  /** A local or S3-compatible store; absent for AWS itself. */
  endpoint?: string;
  /** Absent: the AWS SDK's usual chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  prefix?: string;
}

/** The checks that need only the objects, for any bucket, a real AWS one included. */
export async function checkBucket(options: BucketCheckOptions): Promise<CheckReport> {
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  try {
    const prefix = options.prefix ?? "topics/";
    const { objects, strays } = await readSinkObjects(client, options.bucket, prefix);
    const partitions = checkStructure(objects, options);
    const ok = [...partitions.flatMap((p) => p.findings), ...strays].every((f) => f.severity !== "error");
    // No journal here: the picture holds the objects only, on the clock of the first one written.
    const startMs = runStartMs(objects.map((o) => o.lastModified));
    if (startMs === undefined) return { ok, bucket: options.bucket, prefix, partitions, findings: strays };
    const s3ResolutionMs = s3TimeResolutionMs(objects);
    for (const report of partitions) {
      const own = objects.filter((o) => o.topic === report.topic && o.partition === report.partition);
      report.activity = partitionActivity({ acks: [], refusals: [], objects: own, startMs, s3ResolutionMs });
    }
    const runStart = new Date(startMs).toISOString();
    return {
      ok,
      bucket: options.bucket,
      prefix,
      partitions,
      findings: strays,
      runStart,
      s3TimeResolutionMs: s3ResolutionMs,
    };
  } finally {
    client.destroy();
  }
}
