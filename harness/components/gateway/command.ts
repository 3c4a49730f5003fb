import { parseArgs } from "node:util";
import { isPinpipeError } from "../../errors.ts";
import type { GatewayOptions } from "./index.ts";
import { startGateway } from "./index.ts";

const USAGE = `usage: pinpipe gateway --target URL [--stage prod] [--port N] [--host 127.0.0.1] [--api-id ID]
       [--timeout-ms 29000] [--rate N --burst N] [--cors] [--api-key KEY]... [--access-log FILE|-]
       [--access-log-format json|clf|TEMPLATE] [--journal FILE|-]

Runs the API Gateway stand-in alone in front of TARGET (e.g. http://127.0.0.1:8082) until SIGINT/SIGTERM.`;

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new Error(`--${name} must be a non-negative number; got "${value}"`);
  return parsed;
}

function fileOption(value: string | undefined): string | false | undefined {
  return value === "-" ? false : value;
}

export function parseGatewayArgs(argv: string[]): GatewayOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      target: { type: "string" },
      stage: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "api-id": { type: "string" },
      "timeout-ms": { type: "string" },
      rate: { type: "string" },
      burst: { type: "string" },
      cors: { type: "boolean" },
      "api-key": { type: "string", multiple: true },
      "access-log": { type: "string" },
      "access-log-format": { type: "string" },
      journal: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  if (values.target === undefined) throw new Error("--target is required, e.g. --target http://127.0.0.1:8082");
  const rate = numberOption(values.rate, "rate");
  const burst = numberOption(values.burst, "burst");
  if ((rate === undefined) !== (burst === undefined)) throw new Error("--rate and --burst go together");
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

/** `pinpipe gateway`: runs until SIGINT/SIGTERM; 0 on a clean stop, 1 when it cannot start, 2 on bad usage. */
export async function gatewayCommand(argv: string[]): Promise<number> {
  let options: GatewayOptions | "help";
  try {
    options = parseGatewayArgs(argv);
  } catch (error) {
    process.stderr.write(`pinpipe gateway: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let gateway;
  try {
    gateway = await startGateway(options);
  } catch (error) {
    const code = isPinpipeError(error) ? ` [${error.code}]` : "";
    process.stderr.write(`pinpipe gateway: ${(error as Error).message}${code}\n`);
    return 1;
  }
  process.stdout.write(`${gateway.invokeUrl}\n`);
  process.stderr.write(
    `gateway: ${options.target} behind ${gateway.invokeUrl} ` +
      `(also http://${gateway.apiId}.execute-api.localhost:${gateway.port}/${gateway.stage})` +
      (gateway.accessLogFile ? `; access log ${gateway.accessLogFile}` : "") +
      (gateway.journalFile ? `; journal ${gateway.journalFile}` : "") +
      "\n",
  );
  await new Promise<void>((resolve) => {
    const onSignal = (): void => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  await gateway.stop();
  return 0;
}
