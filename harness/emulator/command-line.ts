import { ErrorCode, PinpipeError } from "../errors.ts";

/**
 * Splits a command written as in a shell (`python3 "my dir/emulator.py" --fast`) into arguments, so that it
 * can be run without a shell: single and double quotes group, a backslash escapes the next character.
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = "";
  let inArg = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inArg = true;
    } else if (c === "\\" && i + 1 < line.length) {
      current += line[++i];
      inArg = true;
    } else if (/\s/.test(c)) {
      if (inArg) args.push(current);
      current = "";
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (quote) throw new PinpipeError(ErrorCode.InvalidOption, `unclosed ${quote} in the command: ${line}`);
  if (inArg) args.push(current);
  if (args.length === 0) throw new PinpipeError(ErrorCode.InvalidOption, "the emulator command is empty");
  return args;
}
