import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { formatNode, type KafkaPlace } from "./node.ts";
import { serverProperties, type BrokerSettings, type KraftNode } from "./properties.ts";

/**
 * The cluster id of every stack's Kafka: a formatted log directory carries it, and templates are shared. Stacks
 * never meet (each cluster knows only its own nodes), so one id serves them all. Base64url of 16 bytes, as
 * `kafka-storage random-uuid` prints, and not starting with "-".
 */
export const TEMPLATE_CLUSTER_ID = createHash("sha256")
  .update("pinpipe kafka")
  .digest()
  .subarray(0, 16)
  .toString("base64url");

/** The node's settings as the storage tool reads them, without the ports and paths that change with every stack. */
function formatKey(place: KafkaPlace, node: KraftNode, nodes: readonly KraftNode[], settings: BrokerSettings): string {
  const neutral = (n: KraftNode): KraftNode => ({
    ...n,
    host: "host",
    brokerPort: 1,
    controllerPort: 2,
    logDir: "data",
  });
  return createHash("sha256")
    .update(place.classpath)
    .update(serverProperties(neutral(node), nodes.map(neutral), settings))
    .digest("hex")
    .slice(0, 16);
}

/**
 * Puts a formatted KRaft storage into the node's log directory. The storage tool is a JVM of its own, on the
 * critical path of every Kafka start; what it writes (meta.properties with the cluster, node and directory ids,
 * and the bootstrap checkpoint with the metadata version) holds no port and no path. So it runs once per cache and
 * set of settings, into a template, and each stack gets a copy.
 */
export async function copyFormattedStorage(
  place: KafkaPlace,
  node: KraftNode,
  nodes: readonly KraftNode[],
  settings: BrokerSettings,
  cacheDir: string,
): Promise<void> {
  const template = join(cacheDir, "kafka-storage", formatKey(place, node, nodes, settings), `node-${node.nodeId}`);
  if (!existsSync(join(template, "meta.properties"))) await formatTemplate(place, node, nodes, settings, template);
  await cp(template, node.logDir, { recursive: true });
}

async function formatTemplate(
  place: KafkaPlace,
  node: KraftNode,
  nodes: readonly KraftNode[],
  settings: BrokerSettings,
  template: string,
): Promise<void> {
  // Formatted beside the template and renamed into place, so that a stack starting meanwhile never copies half.
  const scratch = `${template}.${process.pid}-${randomBytes(4).toString("hex")}`;
  const data = join(scratch, "data");
  await mkdir(data, { recursive: true });
  const propertiesFile = join(scratch, "server.properties");
  await writeFile(propertiesFile, serverProperties({ ...node, logDir: data }, nodes, settings));
  try {
    await formatNode(place, propertiesFile, TEMPLATE_CLUSTER_ID);
    await mkdir(dirname(template), { recursive: true });
    await rename(data, template).catch((error: NodeJS.ErrnoException) => {
      // Another start made the same template first: theirs is as good.
      if (error.code !== "EEXIST" && error.code !== "ENOTEMPTY") throw error;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
