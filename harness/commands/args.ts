import { parseArgs, type ParseArgsConfig } from "node:util";
import { ErrorCode, PinpipeError } from "../errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** parseArgs with usage errors turned into PinpipeErrors that name the command's help. */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true });
  } catch (error) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `pinpipe ${command}: ${(error as Error).message}. See \`pinpipe help\`.`,
      { cause: error },
    );
  }
}

export function positiveInteger(value: string | undefined, name: string): number | undefined {
  return integerAtLeast(1, value, name);
}

export function integerAtLeast(min: number, value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
    const what = min === 1 ? "a positive integer" : `an integer of at least ${min}`;
    throw new PinpipeError(ErrorCode.InvalidOption, `${name} must be ${what}, got "${value}"`);
  }
  return parsed;
}
