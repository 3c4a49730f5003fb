import { declareCommand, defineCommand, parseDeclared, usageError } from "../../commands/declaration.ts";
import { untilStopSignal } from "../../runtime/signals.ts";
import type { GatewayOptions } from "./index.ts";
import { startGateway } from "./index.ts";

export const GATEWAY_DECLARATION = declareCommand({
  name: "gateway",
  summary: "API Gateway's {proxy+} HTTP proxy integration on its own, in front of a target",
  details: "Runs the API Gateway stand-in alone in front of --target until SIGINT/SIGTERM; prints its invoke URL.",
  options: {
    target: { type: "string", value: "URL", help: "where requests go, e.g. http://127.0.0.1:8082 (required)" },
    stage: { type: "string", value: "NAME", defaultText: "prod", help: "the deployed stage" },
    port: { type: "string", value: "N", defaultText: "a free port", help: "the port to listen on" },
    host: { type: "string", value: "HOST", defaultText: "127.0.0.1", help: "the address to listen on" },
    "api-id": { type: "string", value: "ID", defaultText: "random", help: "the REST API id in execute-api names" },
    "timeout-ms": {
      type: "string",
      value: "MS",
      defaultText: "29000",
      help: "the integration timeout, answered with a 504 as API Gateway does",
    },
    rate: { type: "string", value: "N", help: "throttling: steady requests per second (with --burst)" },
    burst: { type: "string", value: "N", help: "throttling: the burst limit (with --rate)" },
    cors: { type: "boolean", help: "answer CORS preflights as an API with CORS enabled" },
    "api-key": { type: "string", multiple: true, value: "KEY", help: "require x-api-key to be one of these" },
    "access-log": {
      type: "string",
      value: "FILE|-",
      defaultText: "<state dir>/logs/gateway-access.log",
      help: "the access log; - for none",
    },
    "access-log-format": {
      type: "string",
      value: "json|clf|TEMPLATE",
      defaultText: "json",
      help: "the access log's format, as a stage's access logging settings name it",
    },
    journal: {
      type: "string",
      value: "FILE|-",
      defaultText: "<state dir>/logs/gateway-journal.jsonl",
      help: "the JSONL journal of every exchange; - for none",
    },
  },
});

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) {
    throw usageError(GATEWAY_DECLARATION, `--${name} must be a non-negative number; got "${value}"`);
  }
  return parsed;
}

function fileOption(value: string | undefined): string | false | undefined {
  return value === "-" ? false : value;
}

export function parseGatewayArgs(argv: string[]): GatewayOptions {
  const { values } = parseDeclared(GATEWAY_DECLARATION, argv);
  if (values.target === undefined) {
    throw usageError(GATEWAY_DECLARATION, "--target is required, e.g. --target http://127.0.0.1:8082");
  }
  const rate = numberOption(values.rate, "rate");
  const burst = numberOption(values.burst, "burst");
  if ((rate === undefined) !== (burst === undefined)) {
    throw usageError(GATEWAY_DECLARATION, "--rate and --burst go together");
  }
  const options: GatewayOptions = { target: values.target, port: numberOption(values.port, "port") ?? 0 };
  if (values.stage !== undefined) options.stage = values.stage;
  if (values.host !== undefined) options.host = values.host;
  if (values["api-id"] !== undefined) options.apiId = values["api-id"];
  const timeoutMs = numberOption(values["timeout-ms"], "timeout-ms");
  if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
  if (rate !== undefined && burst !== undefined) options.throttle = { rateLimit: rate, burstLimit: burst };
  if (values.cors) options.cors = true;
  if (values["api-key"] !== undefined) options.apiKeys = values["api-key"];
  const accessLog = fileOption(values["access-log"]);
  if (accessLog !== undefined) options.accessLogFile = accessLog;
  if (values["access-log-format"] !== undefined) options.accessLogFormat = values["access-log-format"];
  const journal = fileOption(values.journal);
  if (journal !== undefined) options.journalFile = journal;
  return options;
}

/** `pinpipe gateway`: runs until SIGINT/SIGTERM. */
export const gatewayCommand = defineCommand(GATEWAY_DECLARATION, async (_parsed, argv) => {
  const options = parseGatewayArgs(argv);
  const gateway = await startGateway(options);
  process.stdout.write(`${gateway.invokeUrl}\n`);
  process.stderr.write(
    `gateway: ${options.target} behind ${gateway.invokeUrl} ` +
      `(also http://${gateway.apiId}.execute-api.localhost:${gateway.port}/${gateway.stage})` +
      (gateway.accessLogFile ? `; access log ${gateway.accessLogFile}` : "") +
      (gateway.journalFile ? `; journal ${gateway.journalFile}` : "") +
      "\n",
  );
  await untilStopSignal();
  await gateway.stop();
  return 0;
});
