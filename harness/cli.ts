import { readFileSync } from "node:fs";
import { isPinpipeError, ErrorCode } from "./errors.ts";
import { projectPath } from "./paths.ts";
import { asksForHelp, type Command, type CommandDeclaration } from "./commands/declaration.ts";
import { commandHelp, overviewHelp } from "./commands/help.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { downCommand } from "./commands/down.ts";
import { upCommand } from "./commands/up.ts";
import { checkCommand } from "./commands/check.ts";
import { runCommand } from "./commands/run.ts";
import { replayCommand } from "./commands/replay.ts";
import { scenarioCommand } from "./commands/scenario.ts";
import { faultCommand } from "./commands/fault.ts";
import { connectCommand } from "./components/sink/command.ts";
import { fixturesCommand } from "../fixtures/generator/command.ts";
import { restProxyCommand } from "./components/rest-proxy/command.ts";
import { gatewayCommand } from "./components/gateway/command.ts";

/** Every command, in the order `pinpipe help` and the README list them. */
const COMMANDS: readonly Command[] = [
  runCommand,
  upCommand,
  downCommand,
  checkCommand,
  doctorCommand,
  scenarioCommand,
  faultCommand,
  replayCommand,
  fixturesCommand,
  restProxyCommand,
  gatewayCommand,
  connectCommand,
];

export const COMMAND_DECLARATIONS: readonly CommandDeclaration[] = COMMANDS.map((c) => c.declaration);

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.declaration.name === name);
}

function version(): string {
  const pkg = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { version: string };
  return pkg.version;
}

function unknownCommand(name: string): number {
  process.stderr.write(`pinpipe: unknown command "${name}"\n\n${overviewHelp(COMMAND_DECLARATIONS)}`);
  return 2;
}

/** `pinpipe help [command]`. */
function help(topic: string | undefined): number {
  if (topic === undefined) {
    process.stdout.write(overviewHelp(COMMAND_DECLARATIONS));
    return 0;
  }
  const command = findCommand(topic);
  if (!command) return unknownCommand(topic);
  process.stdout.write(commandHelp(command.declaration));
  return 0;
}

/** Runs one `pinpipe` command; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(overviewHelp(COMMAND_DECLARATIONS));
    return 2;
  }
  if (name === "help" || name === "--help" || name === "-h") return help(rest[0]);
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = findCommand(name);
  if (!command) return unknownCommand(name);
  if (asksForHelp(rest)) return help(name);
  try {
    return await command.run(rest);
  } catch (error) {
    if (isPinpipeError(error)) {
      // Usage errors already name their command ("pinpipe run: …").
      const message = error.message.startsWith("pinpipe ") ? error.message : `pinpipe: ${error.message}`;
      process.stderr.write(`${message}\n  [${error.code}]\n`);
      return error.code === ErrorCode.InvalidOption ? 2 : 1;
    }
    throw error;
  }
}
