import { classDataSharing } from "../../runtime/class-data-sharing.ts";
import { SHORT_LIVED_JVM_FLAGS } from "../../runtime/jvm-flags.ts";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { config } from "../../config.ts";
import { projectPath } from "../../paths.ts";
import { resolveMavenLibrary } from "../../runtime/maven.ts";
import { assertPortFree, freePort } from "../../runtime/ports.ts";
import { PREREQUISITES, requireExecutable } from "../../runtime/prerequisites.ts";
import { ManagedProcess } from "../../runtime/process.ts";
import { pollUntil } from "../../runtime/wait.ts";
import { restartable, type Run } from "../restartable.ts";
import type { ComponentPlacement } from "../types.ts";
import { createS3Client } from "../../runtime/s3-client.ts";
import type { StartedS3 } from "./index.ts";

export const S3PROXY_JAR = "s3proxy-4.0.0-jar-with-dependencies.jar";

export interface NativeS3Options extends ComponentPlacement {
  bucket: string;
  host?: string;
  port?: number;
  region?: string;
  readyTimeoutMs?: number;
}

/** S3Proxy's own settings: SigV4 with generated keys, objects as plain files under the stack's folder. */
export function s3proxyProperties(endpoint: string, dataDir: string, identity: string, credential: string): string {
  return [
    `s3proxy.endpoint=${endpoint}`,
    "s3proxy.authorization=aws-v4",
    `s3proxy.identity=${identity}`,
    `s3proxy.credential=${credential}`,
    "jclouds.provider=filesystem",
    `jclouds.filesystem.basedir=${dataDir}`,
    "",
  ].join("\n");
}

interface S3Place {
  java: string;
  jar: string;
  host: string;
  port: number;
  endpoint: string;
  propertiesFile: string;
  logFile: string;
  timeoutMs: number;
  cacheDir: string;
}

/** Runs S3Proxy on the properties file and waits until it answers HTTP. */
async function runS3Proxy(place: S3Place, firstRun: boolean): Promise<Run> {
  // A fixed port must be free again (a kill frees it at once); say so rather than let S3Proxy fail to bind.
  if (!firstRun) await assertPortFree(place.port, place.host, "s3");
  const sharing = classDataSharing({
    cacheDir: place.cacheDir,
    component: "s3proxy",
    java: place.java,
    key: [place.jar],
  });
  const server = await ManagedProcess.spawn({
    name: "s3",
    command: place.java,
    args: [
      "-Xms64m",
      "-Xmx256m",
      ...SHORT_LIVED_JVM_FLAGS,
      ...sharing.args,
      "-jar",
      place.jar,
      "--properties",
      place.propertiesFile,
    ],
    logFile: place.logFile,
    appendLog: !firstRun,
  });
  try {
    await pollUntil(
      async () => {
        const response = await fetch(place.endpoint, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        return true;
      },
      { name: "s3: HTTP answers", timeoutMs: place.timeoutMs, process: server },
    );
  } catch (error) {
    await server.stop();
    await sharing.exited();
    throw error;
  }
  return {
    stop: () => server.stop().then(() => sharing.exited()),
    kill: () => server.kill().then(() => sharing.exited()),
    alive: () => server.running,
  };
}

/**
 * Starts S3Proxy with a filesystem backend and creates the bucket. `start()` after `stop()` or `kill()` runs it
 * again on the same port, keys and folder: the bucket and its objects are files, and still there.
 */
export async function startNativeS3(options: NativeS3Options): Promise<StartedS3> {
  const host = options.host ?? "127.0.0.1";
  const region = options.region ?? "us-east-1";
  const [java, lib] = await Promise.all([
    requireExecutable(PREREQUISITES.java),
    resolveMavenLibrary({
      name: "s3proxy-4.0.0",
      pomFile: projectPath("docker", "native", "s3proxy", "pom.xml"),
      cacheDir: options.cacheDir,
      mavenArgs: config().mavenArgs,
    }),
  ]);
  const port = options.port ? options.port : await freePort(host);
  if (options.port) await assertPortFree(port, host, "s3");
  const home = join(options.stackDir, "s3");
  const dataDir = join(home, "data");
  await mkdir(dataDir, { recursive: true });
  const endpoint = `http://${host}:${port}`;
  // AWS-shaped keys, so that tools which check the form accept them.
  const accessKeyId = `AKIA${randomBytes(8).toString("hex").toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString("base64url");
  const propertiesFile = join(home, "s3proxy.conf");
  await writeFile(propertiesFile, s3proxyProperties(endpoint, dataDir, accessKeyId, secretAccessKey));
  const place: S3Place = {
    java,
    jar: join(lib, S3PROXY_JAR),
    host,
    port,
    endpoint,
    propertiesFile,
    logFile: join(options.logDir, "s3.log"),
    timeoutMs: options.readyTimeoutMs ?? 60_000,
    cacheDir: options.cacheDir,
  };

  const first = await runS3Proxy(place, true);
  try {
    const client = createS3Client({ endpoint, region, accessKeyId, secretAccessKey });
    await client.send(new CreateBucketCommand({ Bucket: options.bucket }));
    client.destroy();
  } catch (error) {
    await first.stop();
    throw error;
  }
  return restartable({ endpoint, region, bucket: options.bucket, accessKeyId, secretAccessKey, dataDir }, first, () =>
    runS3Proxy(place, false),
  );
}
