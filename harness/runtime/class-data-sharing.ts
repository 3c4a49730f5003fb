import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** How a JVM takes part in class-data sharing: the flag to start it with, and what to do once it has exited. */
export interface ClassDataSharing {
  args: string[];
  /** After the JVM exited: a newly written archive takes its place in the cache (a no-op when it was mapped). */
  exited(): Promise<void>;
}

/**
 * A class-data-sharing archive per JVM, jar set and component, in the cache. Loading and verifying a few thousand
 * classes is most of a Kafka or S3Proxy start; an archive maps them in ready-made. JDK 17 writes a dynamic
 * archive when a JVM started with `-XX:ArchiveClassesAtExit` exits (a stop, not a kill), and later JVMs map it with
 * `-XX:SharedArchiveFile`. A JVM that finds an archive it cannot use (another JDK, other jars) ignores it and
 * starts as usual, so a stale archive costs nothing but its speed-up.
 */
export function classDataSharing(options: {
  cacheDir: string;
  component: string;
  java: string;
  /** Everything the archive depends on besides the JVM: the classpath or jar, the main class. */
  key: string[];
}): ClassDataSharing {
  const jvm = statSync(options.java, { throwIfNoEntry: false });
  const id = createHash("sha256")
    .update([options.java, String(jvm?.mtimeMs ?? 0), ...options.key].join("\n"))
    .digest("hex")
    .slice(0, 16);
  const dir = join(options.cacheDir, "cds");
  const archive = join(dir, `${options.component}-${id}.jsa`);
  if (existsSync(archive)) return { args: [`-XX:SharedArchiveFile=${archive}`], exited: async () => undefined };
  // Written under a name of its own, so that JVMs exiting together never write one file, nor a reader map half.
  // The folder must exist before the JVM writes there at its exit.
  mkdirSync(dir, { recursive: true });
  const written = `${archive}.${process.pid}-${randomBytes(4).toString("hex")}`;
  return {
    args: [`-XX:ArchiveClassesAtExit=${written}`],
    exited: async () => {
      if (!existsSync(written)) return;
      if (existsSync(archive)) await rm(written, { force: true });
      else await rename(written, archive);
    },
  };
}
