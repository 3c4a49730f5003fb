import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { config } from "../config.ts";
import { ErrorCode, PinpipeError } from "../errors.ts";
import type { OracleCommand } from "./provision.ts";

/** One question for the oracle: an op of one of its libraries, e.g. "connect/json-line", and its input bytes. */
export interface OracleQuestion {
  op: string;
  input: Uint8Array;
}

/** The real library's answer: its bytes, or the exception it threw (`class: message`). */
export type OracleAnswer = { ok: true; output: Buffer } | { ok: false; error: string };

// Questions are written in batches of this many lines, so a large batch never fills both pipes at once.
const WINDOW = 512;

/**
 * A running oracle JVM. Questions go one per line and answers come back in the same order, so a batch of
 * thousands costs one JVM start and one pipe round trip per window.
 */
export class JavaOracle {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = "";
  private exited: Error | undefined;

  constructor(command: OracleCommand) {
    this.child = spawn(command.java, command.args, { env: config().childEnv, stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
    createInterface({ input: this.child.stdout }).on("line", (line) => this.waiting.shift()?.(line));
    const ended = (why: string): void => {
      this.exited ??= new PinpipeError(ErrorCode.ProvisionFailed, `the oracle JVM ${why}:\n${this.stderr.trim()}`);
      for (const resolve of this.waiting.splice(0)) resolve("");
    };
    this.child.once("exit", (code) => ended(`ended (exit ${code ?? "signal"})`));
    this.child.once("error", (error) => ended(`could not start (${error.message})`));
  }

  /** Asks every question and returns the answers in order. */
  async ask(questions: readonly OracleQuestion[]): Promise<OracleAnswer[]> {
    const answers: OracleAnswer[] = [];
    for (let start = 0; start < questions.length; start += WINDOW) {
      const window = questions.slice(start, start + WINDOW);
      const lines = window.map(() => new Promise<string>((resolve) => this.waiting.push(resolve)));
      if (this.exited) throw this.exited;
      this.child.stdin.write(window.map((q) => `${q.op} ${Buffer.from(q.input).toString("base64")}\n`).join(""));
      for (const line of await Promise.all(lines)) answers.push(parseAnswer(line, this.exited));
    }
    return answers;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.exited) return;
    const ended = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.stdin.end();
    await ended;
  }
}

function parseAnswer(line: string, exited: Error | undefined): OracleAnswer {
  if (line.startsWith("= ")) return { ok: true, output: Buffer.from(line.slice(2), "base64") };
  if (line.startsWith("! ")) return { ok: false, error: Buffer.from(line.slice(2), "base64").toString("utf8") };
  throw exited ?? new PinpipeError(ErrorCode.ProvisionFailed, `the oracle answered an unreadable line: ${line}`);
}
