import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { onProcessEnd } from "../runtime/on-process-end.ts";
import type { Scenario } from "./file.ts";

/** Where a scenario's emulator runs: its folder, or a copy with the scenario's edits (the user's bug) made. */
export interface EmulatorFolder {
  cwd: string | undefined;
  remove(): void;
}

export function emulatorFolder(scenario: Scenario): EmulatorFolder {
  const { folder, file, edits = [] } = scenario.emulator;
  if (folder === undefined) return { cwd: undefined, remove: () => {} };
  if (edits.length === 0) return { cwd: folder, remove: () => {} };
  if (file === undefined) {
    throw new PinpipeError(ErrorCode.InvalidOption, `scenario ${scenario.file}: emulator.edits need emulator.file`);
  }
  const copy = mkdtempSync(join(tmpdir(), `pinpipe-scenario-${basename(folder)}-`));
  cpSync(folder, copy, { recursive: true });
  let text = readFileSync(join(copy, file), "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) {
      rmSync(copy, { recursive: true, force: true });
      throw new PinpipeError(ErrorCode.InvalidOption, `scenario ${scenario.file}: ${file} has no "${from}" to change`);
    }
    text = text.replace(from, to);
  }
  writeFileSync(join(copy, file), text);
  // Ctrl-C ends the process without running the caller's finally: the copy goes with the process all the same.
  const removeCopy = (): void => rmSync(copy, { recursive: true, force: true });
  const release = onProcessEnd(removeCopy);
  return {
    cwd: copy,
    remove: () => {
      release();
      removeCopy();
    },
  };
}
