import { randomBytes } from "node:crypto";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { GenericContainer, Wait, type StartedNetwork } from "testcontainers";
import { ErrorCode, PinpipeError } from "../../errors.ts";
import { pinnedImages } from "../../runtime/images.ts";
import { joinStackNetwork, NETWORK_ALIASES } from "../../runtime/container-network.ts";
import { fixedPort, hostPortFor, type FixedPort } from "../../runtime/container-ports.ts";
import { httpProbe, pollReady, startedContainerRun } from "../../runtime/container-run.ts";
import { restartable } from "../restartable.ts";
import { createS3Client } from "../../runtime/s3-client.ts";
import type { StartedS3 } from "./index.ts";

/*
 * Why S3Proxy's image and not MinIO's: community MinIO went source-only in October 2025 and Docker Hub no longer
 * reliably hosts `minio/minio` server images, so a pinned MinIO tag may stop being pullable. S3Proxy is the server
 * the native runtime already runs (same release, same SigV4 check, same filesystem backend), so both runtimes
 * exercise the sink against the same S3 implementation; its image is Apache-2.0 and published per release tag.
 */

/** The port S3Proxy's image listens on. */
export const S3_CONTAINER_PORT = 80;
/** Where the image's filesystem backend keeps objects, inside the container: `/data/<bucket>/<key>`. */
export const S3_CONTAINER_DATA_DIR = "/data";

export interface ContainerS3Options {
  network: StartedNetwork;
  bucket: string;
  region?: string;
  /** Generated (AWS-shaped) when absent, as on the native runtime. */
  accessKeyId?: string;
  secretAccessKey?: string;
  image?: string;
  /** Where the container's output goes. */
  logFile?: string;
  /** The host port; 0 or absent picks a free one. Fixed, so that a start in place keeps it. */
  port?: number;
}

export interface S3ContainerSettings {
  image: string;
  alias: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  environment: Record<string, string>;
  /** The store as containers on the network reach it, e.g. the sink's `store.url`. */
  networkEndpoint: string;
  exposedPort: FixedPort;
  /** Answers 200 without authentication once S3Proxy serves requests. */
  readyPath: string;
  startupTimeoutMs: number;
}

export interface StartedContainerS3 extends StartedS3 {
  /** `http://s3:80`: the endpoint for containers on the network (`endpoint` is the host's). */
  networkEndpoint: string;
}

/** What the container runtime asks Docker for; kept pure so that a spec can check it without an engine. */
export function s3ContainerSettings(
  options: Omit<ContainerS3Options, "network" | "bucket" | "logFile"> & { port: number },
): S3ContainerSettings {
  const alias = NETWORK_ALIASES.s3;
  // AWS-shaped keys, so that tools which check the form accept them.
  const accessKeyId = options.accessKeyId ?? `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(20).toString("base64url");
  return {
    image: options.image ?? pinnedImages().s3,
    alias,
    region: options.region ?? "us-east-1",
    accessKeyId,
    secretAccessKey,
    // The same S3Proxy settings as the native runtime's s3proxy.conf; the image writes them to its properties file.
    environment: {
      S3PROXY_ENDPOINT: `http://0.0.0.0:${S3_CONTAINER_PORT}`,
      S3PROXY_AUTHORIZATION: "aws-v4",
      S3PROXY_IDENTITY: accessKeyId,
      S3PROXY_CREDENTIAL: secretAccessKey,
      JCLOUDS_PROVIDER: "filesystem-nio2",
      JCLOUDS_FILESYSTEM_BASEDIR: S3_CONTAINER_DATA_DIR,
    },
    networkEndpoint: `http://${alias}:${S3_CONTAINER_PORT}`,
    exposedPort: fixedPort("s3", S3_CONTAINER_PORT, options.port),
    readyPath: "/healthz",
    startupTimeoutMs: 60_000,
  };
}

/**
 * S3Proxy in a container on the stack's network, with the bucket created. `start()` after `stop()` or `kill()`
 * starts the same container again on the same host port and keys: the bucket and its objects are files in it.
 */
export async function startContainerS3(options: ContainerS3Options): Promise<StartedContainerS3> {
  const settings = s3ContainerSettings({ ...options, port: await hostPortFor(options.port) });
  const { logFile } = options;
  const builder = joinStackNetwork(new GenericContainer(settings.image), {
    network: options.network,
    alias: settings.alias,
    environment: settings.environment,
    logFile,
  })
    .withExposedPorts(settings.exposedPort)
    // Explicit, because the image's HEALTHCHECK would first run only after its 30 s interval.
    .withWaitStrategy(Wait.forHttp(settings.readyPath, S3_CONTAINER_PORT).forStatusCode(200))
    .withStartupTimeout(settings.startupTimeoutMs);
  const container = await builder.start().catch((cause: unknown) => {
    throw new PinpipeError(
      ErrorCode.StartFailed,
      `s3: the ${settings.image} container did not start and answer ${settings.readyPath}` +
        (logFile ? `; its output is in ${logFile}` : "; run with DEBUG=testcontainers* to see its output"),
      { context: { component: "s3", image: settings.image }, cause },
    );
  });
  const endpoint = `http://${container.getHost()}:${container.getMappedPort(S3_CONTAINER_PORT)}`;
  const run = await startedContainerRun(container, {
    component: "s3",
    logFile,
    hostPorts: [settings.exposedPort.host],
    ready: pollReady(
      `s3: GET ${settings.readyPath} answers 200`,
      settings.startupTimeoutMs,
      httpProbe(`${endpoint}${settings.readyPath}`, 200),
    ),
  });
  const { region, accessKeyId, secretAccessKey } = settings;
  const client = createS3Client({ endpoint, region, accessKeyId, secretAccessKey });
  try {
    await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
  } catch (error) {
    await run.remove();
    throw error;
  } finally {
    client.destroy();
  }
  const facts = {
    endpoint,
    networkEndpoint: settings.networkEndpoint,
    region,
    bucket: options.bucket,
    accessKeyId,
    secretAccessKey,
    // A path inside the container: read the objects over S3 (or `docker cp`), not from the host's disk.
    dataDir: S3_CONTAINER_DATA_DIR,
  };
  return restartable(facts, run.first, run.launch, run.remove);
}
