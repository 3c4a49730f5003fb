import { integerAtLeast } from "../../commands/args.ts";
import { declareCommand, defineCommand, usageError } from "../../commands/declaration.ts";
import { untilStopSignal } from "../../runtime/signals.ts";
import { loadConnectorFile } from "./connector-file.ts";
import { startSinkWorker } from "./index.ts";
import { streamSinkLogger } from "./log.ts";

export const CONNECT_DECLARATION = declareCommand({
  name: "connect",
  summary: "a Kafka Connect worker with the Confluent S3 sink on its own",
  details:
    "Serves the Connect REST API until SIGINT/SIGTERM, so anything that speaks it can drive the sink; " +
    "--connector files are created at start.",
  options: {
    "bootstrap-servers": { type: "string", value: "HOST:PORT", help: "the Kafka cluster to consume (required)" },
    "s3-endpoint": { type: "string", value: "URL", help: "the S3 endpoint to write to (required)" },
    "s3-region": { type: "string", value: "R", default: "us-east-1", help: "the S3 region" },
    "s3-access-key-id": {
      type: "string",
      value: "KEY",
      default: "",
      defaultText: "none",
      help: "the S3 access key id",
    },
    "s3-secret-access-key": {
      type: "string",
      value: "SECRET",
      default: "",
      defaultText: "none",
      help: "the S3 secret access key",
    },
    port: { type: "string", value: "N", default: "8083", help: "the Connect REST API's port" },
    host: { type: "string", value: "HOST", default: "127.0.0.1", help: "the address to listen on" },
    connector: {
      type: "string",
      value: "FILE",
      multiple: true,
      help: "a connector to create at start: .properties or Connect JSON",
    },
  },
});

/**
 * `pinpipe connect`: a Connect worker with the S3 sink as its own process. Runs until SIGINT/SIGTERM; a connector
 * file that cannot be created stops the worker again and fails the command.
 */
export const connectCommand = defineCommand(CONNECT_DECLARATION, async ({ values }) => {
  const bootstrapServers = values["bootstrap-servers"];
  const endpoint = values["s3-endpoint"];
  if (!bootstrapServers || !endpoint) {
    throw usageError(CONNECT_DECLARATION, "--bootstrap-servers and --s3-endpoint are required");
  }
  const port = integerAtLeast(0, values.port, "--port") as number;
  const logger = streamSinkLogger(process.stdout, false);
  const sink = await startSinkWorker({
    bootstrapServers,
    s3: {
      endpoint,
      region: values["s3-region"],
      accessKeyId: values["s3-access-key-id"],
      secretAccessKey: values["s3-secret-access-key"],
    },
    host: values.host,
    port,
    logger,
  });
  try {
    for (const file of values.connector ?? []) {
      const def = await loadConnectorFile(file);
      await sink.createConnector(def.name, def.config);
    }
  } catch (error) {
    logger.error((error as Error)?.message ?? String(error));
    await sink.stop();
    throw error;
  }
  logger.info(`REST server listening at ${sink.url}/, advertising URL ${sink.url}/`);
  await untilStopSignal();
  await sink.stop();
  return 0;
});
