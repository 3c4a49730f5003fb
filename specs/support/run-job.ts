import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckReport, Finding } from "../../harness/check/types.ts";
import { runJob, type JobOptions } from "../../harness/job.ts";

/** The course's reference style, and the fixture folder the run specs make broken variants of. */
export const HARDCODED = "hardcoded-login";
export const SCRIPT = "user_posting_emulation.py";
export const COMMAND = `python3 ${SCRIPT}`;

/** `pinpipe run` as a library call; each run gets a project folder of its own, so its logs and journal meet no other. */
export function job(options: JobOptions) {
  return runJob({ stateDir: mkdtempSync(join(tmpdir(), "pinpipe-run-")), progress: () => {}, ...options });
}

/** The report's findings, then each partition's. */
export const allFindings = (report: CheckReport): Finding[] => [
  ...report.findings,
  ...report.partitions.flatMap((p) => p.findings),
];
