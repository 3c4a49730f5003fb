import { parseArgs } from "node:util";
import { ErrorCode, PinpipeError } from "../errors.ts";

/**
 * One option of one command, declared once: the parser, `--help`, `pinpipe help <command>` and the README's
 * command reference are all made from it.
 */
export interface OptionDeclaration {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  readonly default?: string | boolean;
  /** How the value reads in help: `N`, `FILE`, `auto|native|docker`. */
  readonly value?: string;
  /** A default that is worked out at run time, in words: "the stage the script uses". */
  readonly defaultText?: string;
  readonly help: string;
  /** Parsed but not listed: plumbing between pinpipe's own processes. */
  readonly hidden?: boolean;
}

export type OptionDeclarations = Readonly<Record<string, OptionDeclaration>>;

export interface CommandDeclaration<O extends OptionDeclarations = OptionDeclarations> {
  readonly name: string;
  /** One line: what the command does. */
  readonly summary: string;
  /** More about it, shown by `--help` under the usage line. */
  readonly details?: string;
  /** The positional argument a command may take, e.g. a scenario file; `variadic` takes every word left. */
  readonly positional?: {
    readonly name: string;
    readonly help: string;
    readonly required?: boolean;
    readonly variadic?: boolean;
  };
  readonly options: O;
}

/** A command as `pinpipe` runs it: its declaration, and what it does with the arguments it was given. */
export interface Command {
  readonly declaration: CommandDeclaration;
  run(argv: string[]): Promise<number>;
}

function parseStrict<O extends OptionDeclarations>(args: string[], options: O, allowPositionals: boolean) {
  return parseArgs({ args, options, strict: true, allowPositionals });
}

export type ParsedArguments<O extends OptionDeclarations> = ReturnType<typeof parseStrict<O>>;

/** Declares a command; `const` keeps each option's literal type, so the parsed values are typed from it. */
export function declareCommand<const O extends OptionDeclarations>(declaration: CommandDeclaration<O>) {
  return declaration;
}

/** Binds a declaration to the code that runs it: `run` gets arguments already checked against the declaration. */
export function defineCommand<const O extends OptionDeclarations>(
  declaration: CommandDeclaration<O>,
  run: (parsed: ParsedArguments<O>, argv: string[]) => Promise<number>,
): Command {
  return { declaration, run: (argv) => run(parseDeclared(declaration, argv), argv) };
}

/** Whether the arguments ask for help: `--help` or `-h` anywhere before a `--`. */
export function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === "--help" || arg === "-h");
}

/** Parses a command's arguments by its declaration; a mistake becomes a PinpipeError that points to its help. */
export function parseDeclared<O extends OptionDeclarations>(
  declaration: CommandDeclaration<O>,
  argv: string[],
): ParsedArguments<O> {
  let parsed: ParsedArguments<O>;
  try {
    parsed = parseStrict(argv, declaration.options, declaration.positional !== undefined);
  } catch (error) {
    throw usageError(declaration, explainParseError(declaration, error as Error & { code?: string }), error);
  }
  const { positional } = declaration;
  if (positional && !positional.variadic && parsed.positionals.length > 1) {
    throw usageError(declaration, `takes one ${positional.name}, got ${parsed.positionals.length} arguments`);
  }
  if (positional?.required && parsed.positionals.length === 0) {
    throw usageError(declaration, `needs ${positional.name}`);
  }
  return parsed;
}

/** A usage mistake in a command's arguments (exit code 2), with the way to its help. */
export function usageError(declaration: CommandDeclaration, problem: string, cause?: unknown): PinpipeError {
  return new PinpipeError(
    ErrorCode.InvalidOption,
    `pinpipe ${declaration.name}: ${problem}; \`pinpipe ${declaration.name} --help\` lists its options`,
    cause === undefined ? {} : { cause },
  );
}

function explainParseError(declaration: CommandDeclaration, error: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const suggestion = closestOption(declaration, quoted);
      return `unknown option ${quoted}${suggestion ? ` (did you mean --${suggestion}?)` : ""}`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument "${quoted}"`;
    default: {
      const option = /--[a-z0-9-]+/.exec(quoted)?.[0] ?? quoted;
      if (/argument missing/.test(error.message)) return `${option} needs a value`;
      if (/does not take an argument/.test(error.message)) return `${option} takes no value`;
      if (/ambiguous/.test(error.message))
        return `${option} needs a value (to give one that starts with -, write ${option}=VALUE)`;
      return error.message;
    }
  }
}

/** The declared option a mistyped one most likely meant: at most two edits away. */
function closestOption(declaration: CommandDeclaration, typed: string): string | undefined {
  const name = typed.replace(/^-+/, "").replace(/=.*$/, "");
  let best: { option: string; distance: number } | undefined;
  for (const [option, spec] of Object.entries(declaration.options)) {
    if (spec.hidden) continue;
    const distance = editDistance(name, option);
    if (distance <= 2 && (!best || distance < best.distance)) best = { option, distance };
  }
  return best?.option;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
