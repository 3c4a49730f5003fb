import { readFile } from "node:fs/promises";
import { isPinpipeError } from "../../errors.ts";
import { listenOn } from "../../runtime/ports.ts";
import { READY_LINE } from "./index.ts";
import { streamLogger } from "./log.ts";
import { parseProperties } from "./properties.ts";
import { createRestProxyServer } from "./server.ts";
import { resolveSettings } from "./settings.ts";

const USAGE = "usage: pinpipe rest-proxy --config kafka-rest.properties [--override key=value]...";

/**
 * `pinpipe rest-proxy --config kafka-rest.properties`: the proxy as its own process, as the real one runs,
 * so users can point anything at it and fault specs can kill it. Runs until SIGINT/SIGTERM.
 */
export async function restProxyCommand(argv: string[]): Promise<number> {
  const logger = streamLogger(process.stdout, false);
  let configPath: string | undefined;
  const overrides: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--config" || arg === "-c") configPath = argv[++i];
    else if (arg.startsWith("--config=")) configPath = arg.slice("--config=".length);
    else if (arg === "--override") {
      const kv = argv[++i] ?? "";
      const eq = kv.indexOf("=");
      if (eq > 0) overrides[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (configPath === undefined && !arg.startsWith("-")) configPath = arg;
    else {
      process.stderr.write(`unknown argument "${arg}"\n${USAGE}\n`);
      return 2;
    }
  }
  if (configPath === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }

  let proxy: ReturnType<typeof createRestProxyServer>;
  try {
    const props = { ...parseProperties(await readFile(configPath, "utf8")), ...overrides };
    const settings = resolveSettings(props);
    if (settings.listenersFromPort) {
      logger.log(
        "WARN",
        "DEPRECATION warning: `listeners` configuration is not configured. Falling back to the deprecated `port` configuration.",
      );
    }
    if (settings.producer["enable.idempotence"] !== undefined) {
      logger.log("WARN", "Idempotent producers are not supported in Kafka REST. Ignoring 'enable.idempotence'.");
    }
    proxy = createRestProxyServer(settings, { logger });
    const { server } = proxy;
    for (const listener of settings.listeners) {
      if (listener.protocol !== "http:") throw new Error(`only http listeners are supported, got ${listener.href}`);
      const host = listener.hostname.replace(/^\[|\]$/g, "");
      const port = Number(listener.port || 80);
      await listenOn(server, port, host, "rest-proxy");
      // One node server serves one address; extra listeners are not supported.
      break;
    }
  } catch (error) {
    const message = isPinpipeError(error) ? error.message : ((error as Error)?.message ?? String(error));
    logger.log("ERROR", `Server configuration failed: ${message}`);
    return 1;
  }
  logger.log("INFO", READY_LINE, "io.confluent.kafkarest.KafkaRestMain");

  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      proxy.server.close();
      proxy.server.closeIdleConnections();
      void proxy.close().then(() => {
        proxy.server.closeAllConnections();
        resolve(0);
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
