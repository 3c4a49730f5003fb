import { readFile } from "node:fs/promises";
import { ErrorCode, isPinpipeError, PinpipeError } from "../../errors.ts";
import { declareCommand, defineCommand, usageError } from "../../commands/declaration.ts";
import { untilStopSignal } from "../../runtime/signals.ts";
import { listenOn } from "../../runtime/ports.ts";
import { READY_LINE } from "./index.ts";
import { streamLogger } from "./log.ts";
import { parseProperties } from "../../java/properties.ts";
import { createRestProxyServer } from "./server.ts";
import { resolveSettings } from "./settings.ts";

export const REST_PROXY_DECLARATION = declareCommand({
  name: "rest-proxy",
  summary: "Confluent's REST Proxy (v2, v3) on its own, configured as the real one",
  details:
    "Reads a kafka-rest.properties file as kafka-rest-start does and serves until SIGINT/SIGTERM, logging as the " +
    "real proxy logs, so anything can be pointed at it and fault specs can kill it.",
  positional: { name: "PROPERTIES", help: "the kafka-rest.properties file (or give it with --config)" },
  options: {
    config: { type: "string", short: "c", value: "FILE", help: "the kafka-rest.properties file" },
    override: {
      type: "string",
      multiple: true,
      value: "KEY=VALUE",
      help: "a property that replaces the file's",
    },
  },
});

/**
 * `pinpipe rest-proxy --config kafka-rest.properties`: the proxy as its own process, as the real one runs.
 * Runs until SIGINT/SIGTERM.
 */
export const restProxyCommand = defineCommand(REST_PROXY_DECLARATION, async ({ values, positionals }) => {
  const configPath = values.config ?? positionals[0];
  if (configPath === undefined) throw usageError(REST_PROXY_DECLARATION, "needs the properties file: --config FILE");
  const overrides: Record<string, string> = {};
  for (const entry of values.override ?? []) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw usageError(REST_PROXY_DECLARATION, `--override needs KEY=VALUE, got "${entry}"`);
    overrides[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const logger = streamLogger(process.stdout, false);

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
      if (listener.protocol !== "http:") {
        throw new PinpipeError(ErrorCode.InvalidOption, `only http listeners are supported, got ${listener.href}`);
      }
      const host = listener.hostname.replace(/^\[|\]$/g, "");
      const port = Number(listener.port || 80);
      await listenOn(server, port, host, "rest-proxy");
      // One node server serves one address; extra listeners are not supported.
      break;
    }
  } catch (error) {
    // The real proxy's own words first, in its log; then pinpipe's error, with its code, for scripts.
    const message = (error as Error)?.message ?? String(error);
    logger.log("ERROR", `Server configuration failed: ${message}`);
    // A bad properties file is not a usage error: the real proxy exits 1 on it, and so does this command.
    if (isPinpipeError(error) && error.code !== ErrorCode.InvalidOption) throw error;
    throw new PinpipeError(ErrorCode.StartFailed, `rest-proxy did not start: ${message}`, {
      context: { config: configPath },
      cause: error,
    });
  }
  logger.log("INFO", READY_LINE, "io.confluent.kafkarest.KafkaRestMain");

  await untilStopSignal();
  proxy.server.close();
  proxy.server.closeIdleConnections();
  await proxy.close();
  proxy.server.closeAllConnections();
  return 0;
});
