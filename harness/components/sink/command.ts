import { isPinpipeError } from "../../errors.ts";
import { loadConnectorFile } from "./connector-file.ts";
import { startSink, type StartedSink } from "./index.ts";
import { streamSinkLogger } from "./log.ts";

const USAGE =
  "usage: pinpipe connect --bootstrap-servers HOST:PORT --s3-endpoint URL [--s3-region R] [--s3-access-key-id K]\n" +
  "                       [--s3-secret-access-key S] [--port 8083] [--host 127.0.0.1] [--connector FILE]...";

/**
 * `pinpipe connect`: a Connect worker with the S3 sink as its own process, so anything that speaks the Connect
 * REST API can drive it. `--connector` files (.properties or JSON) are created at start. Runs until SIGINT/SIGTERM.
 */
export async function connectCommand(argv: string[]): Promise<number> {
  const opts: Record<string, string> = {
    port: "8083",
    host: "127.0.0.1",
    "s3-region": "us-east-1",
    "s3-access-key-id": "",
    "s3-secret-access-key": "",
  };
  const connectors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    const key = m?.[1];
    if (
      !key ||
      ![
        "port",
        "host",
        "bootstrap-servers",
        "s3-endpoint",
        "s3-region",
        "s3-access-key-id",
        "s3-secret-access-key",
        "connector",
      ].includes(key)
    ) {
      process.stderr.write(`unknown argument "${arg}"\n${USAGE}\n`);
      return 2;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) {
      process.stderr.write(`${arg} needs a value\n${USAGE}\n`);
      return 2;
    }
    if (key === "connector") connectors.push(value);
    else opts[key] = value;
  }
  if (!opts["bootstrap-servers"] || !opts["s3-endpoint"]) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const logger = streamSinkLogger(process.stdout, false);
  let sink: StartedSink;
  try {
    sink = await startSink({
      bootstrapServers: opts["bootstrap-servers"],
      s3: {
        endpoint: opts["s3-endpoint"],
        region: opts["s3-region"] as string,
        accessKeyId: opts["s3-access-key-id"] as string,
        secretAccessKey: opts["s3-secret-access-key"] as string,
      },
      host: opts.host as string,
      port: Number(opts.port),
      logger,
    });
    for (const file of connectors) {
      const def = await loadConnectorFile(file);
      await sink.createConnector(def.name, def.config);
    }
  } catch (error) {
    logger.error(isPinpipeError(error) ? error.message : ((error as Error)?.message ?? String(error)));
    return 1;
  }
  logger.info(`REST server listening at ${sink.url}/, advertising URL ${sink.url}/`);
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void sink.stop().then(() => resolve(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
