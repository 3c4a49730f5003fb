import { spawn } from "node:child_process";
import { config } from "../config.ts";

export interface CommandResult {
  code: number;
  /** stdout and stderr together, as a person would have seen them. */
  output: string;
}

/** Runs a short-lived command (a format or install step) to its end; its output is kept for error messages. */
export function runToCompletion(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; onLine?: (line: string) => void } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...config().childEnv, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      output += text;
      if (options.onLine) for (const line of text.split("\n")) if (line !== "") options.onLine(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The last lines of a command's output, for an error message. */
export function outputTail(output: string, lines = 8): string {
  return output.split("\n").filter(Boolean).slice(-lines).join("\n");
}
