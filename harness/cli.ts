import { readFileSync } from "node:fs";
import { isPinpipeError, ErrorCode } from "./errors.ts";
import { projectPath } from "./paths.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { downCommand } from "./commands/down.ts";
import { upCommand } from "./commands/up.ts";
import { checkCommand } from "./commands/check.ts";
import { runCommand } from "./commands/run.ts";
import { connectCommand } from "./components/sink/command.ts";
import { fixturesCommand } from "../fixtures/generator/command.ts";
import { restProxyCommand } from "./components/rest-proxy/command.ts";
import { gatewayCommand } from "./components/gateway/command.ts";

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  up: {
    run: upCommand,
    usage:
      "up [--runtime auto|native|docker] [--detach] [--json] [--user-id ID] [--stage NAME] [--brokers N]\n" +
      "     [--partitions N] [--connector FILE] [--rest-proxy-port N] [--fixture-seed N] [--fixture-rows N]\n" +
      "      start the chain and print its endpoints; --detach leaves it running (see `down`)",
  },
  run: {
    run: runCommand,
    usage:
      'run [--emulator "<cmd>"] [--records N] [--duration S] [--json] [--user-id ID] [--stage NAME]\n' +
      "     [--runtime auto|native|docker] [--requirements FILE] [--connector FILE] [--partitions N]\n" +
      "     [--fixture-seed N] [--fixture-rows N]\n" +
      "      the main job: up, run the emulator (in this folder, as a shell would), wait for the sink, check every\n" +
      "      partition, down; stage and user id follow the script unless pinned",
  },
  check: {
    run: checkCommand,
    usage:
      "check [--json] [--bucket NAME [--endpoint URL] [--region R] [--prefix topics/] [--flush-size N]]\n" +
      "      check every partition of the running stack, or the objects of any bucket",
  },
  down: { run: downCommand, usage: "down\n      stop what `up --detach` started" },
  fixtures: {
    run: fixturesCommand,
    usage:
      "fixtures [--seed N] [--rows N] [--out DIR]\n      write the Pinterest dataset as JSONL files (default fixtures/data)",
  },
  "rest-proxy": {
    run: restProxyCommand,
    usage:
      "rest-proxy --config kafka-rest.properties [--override key=value]...\n" +
      "      Confluent's REST Proxy (v2, v3) on its own, configured as the real one",
  },
  gateway: {
    run: gatewayCommand,
    usage:
      "gateway --target http://127.0.0.1:8082 --stage prod [--port N]\n" +
      "      API Gateway's {proxy+} HTTP proxy integration on its own",
  },
  connect: {
    run: connectCommand,
    usage:
      "connect --bootstrap-servers HOST:PORT --s3-endpoint URL ... [--port 8083] [--connector FILE]...\n" +
      "      a Kafka Connect worker with the Confluent S3 sink on its own",
  },
  doctor: {
    run: doctorCommand,
    usage: "doctor [--json]\n      say what the native runtime needs, what is missing, and how to fix it",
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  pinpipe ${c.usage}`);
  return `pinpipe: the Pinterest streaming pipeline on one machine\n\nUsage:\n${lines.join("\n")}\n`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs one `pinpipe` command; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`pinpipe: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (isPinpipeError(error)) {
      process.stderr.write(`pinpipe: ${error.message}\n  [${error.code}]\n`);
      return error.code === ErrorCode.InvalidOption ? 2 : 1;
    }
    throw error;
  }
}
