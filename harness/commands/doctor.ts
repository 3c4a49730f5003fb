import { existsSync } from "node:fs";
import { join } from "node:path";
import { config } from "../config.ts";
import { dockerEngineAnswers } from "../runtime/detect.ts";
import { findExecutable, withSbin } from "../runtime/executables.ts";
import { installCommand, PREREQUISITES, type Prerequisite } from "../runtime/prerequisites.ts";
import { declareCommand, defineCommand } from "./declaration.ts";

interface Finding {
  what: string;
  ok: boolean;
  detail: string;
  /** Missing, it only limits what some commands can do. */
  optional?: boolean;
}

export const DOCTOR_DECLARATION = declareCommand({
  name: "doctor",
  summary: "say what the native runtime needs, what is missing, and the command that fixes it",
  options: { json: { type: "boolean", default: false, help: "print the findings as one JSON object" } },
});

export const doctorCommand = defineCommand(DOCTOR_DECLARATION, async ({ values }) => {
  const settings = config();
  const findings: Finding[] = Object.values(PREREQUISITES).map((prerequisite: Prerequisite) => {
    const path = findExecutable(prerequisite.command, withSbin(settings.path));
    return {
      what: prerequisite.command,
      ok: path !== undefined,
      detail: path ?? `missing (for ${prerequisite.neededFor}): run \`${installCommand(prerequisite)}\``,
      ...(prerequisite.optional ? { optional: true } : {}),
    };
  });
  const mavenCache = join(settings.cacheDir, "maven");
  findings.push({
    what: "cache",
    ok: true,
    detail: existsSync(mavenCache)
      ? `${settings.cacheDir} (jars fetched before are reused)`
      : `${settings.cacheDir} (empty: the first start fetches the jars with Maven)`,
  });
  const docker = await dockerEngineAnswers(settings.dockerHost);
  findings.push({
    what: "docker",
    ok: true,
    detail: docker
      ? "an engine answers: --runtime auto picks the container runtime"
      : "no engine answers: --runtime auto picks the native runtime",
  });
  const healthy = findings.every((f) => f.ok || f.optional);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ok: healthy, findings })}\n`);
  } else {
    for (const f of findings)
      process.stdout.write(
        `${f.ok ? "ok     " : f.optional ? "absent " : "MISSING"}  ${f.what.padEnd(19)}${f.detail}\n`,
      );
    process.stdout.write(
      healthy
        ? "The native runtime has what it needs.\n"
        : settings.isRoot
          ? "pinpipe installs the missing packages itself on the first `pinpipe up` (as root).\n"
          : "Run the commands above as root, then try again.\n",
    );
  }
  return healthy ? 0 : 1;
});
