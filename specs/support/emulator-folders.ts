import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { projectPath } from "../../harness/paths.ts";

/** The emulator folders written for the specs, one per style users write. */
export const EMULATORS = projectPath("fixtures", "emulators");

/** Every file under a folder (dotfiles too) with its mode and a hash of its bytes: "the folder as it was". */
export function fingerprint(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else
        files[relative(dir, path)] =
          `${stat.mode.toString(8)} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
    }
  };
  walk(dir);
  return files;
}

/** A copy of a fixture folder with some lines changed, as a user's broken variant would be. */
export function variant(folder: string, file: string, edits: Array<[from: string, to: string]>): string {
  const dir = mkdtempSync(join(tmpdir(), `pinpipe-${folder}-`));
  cpSync(join(EMULATORS, folder), dir, { recursive: true });
  let text = readFileSync(join(dir, file), "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`${folder}/${file} has no ${from}`);
    text = text.replace(from, to);
  }
  writeFileSync(join(dir, file), text);
  return dir;
}

/** PATH without any folder holding a Python newer than 3.11 that runs: the specs assume this machine's 3.11. */
export function pathWithoutNewerPython(path = process.env.PATH ?? ""): string {
  const runs = (program: string): boolean => {
    try {
      execFileSync(program, ["-c", "pass"], { stdio: "ignore", timeout: 10_000 });
      return true;
    } catch {
      return false;
    }
  };
  return path
    .split(delimiter)
    .filter(
      (dir) =>
        !["3.12", "3.13", "3.14", "3.15"].some(
          (v) => existsSync(join(dir, `python${v}`)) && runs(join(dir, `python${v}`)),
        ),
    )
    .join(delimiter);
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pinpipe <args>` as a user would, from `cwd`, with its state in a folder of its own. */
export function pinpipe(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), "pinpipe-home-"));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [projectPath("bin", "pinpipe.js"), ...args],
      { cwd, env: { ...process.env, PINPIPE_HOME: home, PINPIPE_QUIET: "1", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
