import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { AckCounter } from "./check/ack-counter.ts";
import { checkStack } from "./check/check-stack.ts";
import { sinkLineEncoder } from "./check/sink-encoding.ts";
import type { CheckReport, Finding } from "./check/types.ts";
import { REFERENCE_EMULATOR, runEmulator, type EmulatorRunResult } from "./emulator/run.ts";
import { progress as defaultProgress } from "./runtime/progress.ts";
import { pollUntil } from "./runtime/wait.ts";
import { startStack, type StackOptions, type StartedStack } from "./stack.ts";

export interface JobOptions extends StackOptions {
  /** The emulator to run, as typed on a command line; default the bundled reference emulator. */
  emulator?: string;
  /** Stop the emulator after this many accepted records (default 300 when no duration is given). */
  records?: number;
  durationS?: number;
  /** More requirements files for the emulator's virtualenv. */
  requirements?: string[];
  /** How long to wait for the sink to write what Kafka holds. */
  sinkTimeoutMs?: number;
}

export interface JobResult {
  report: CheckReport;
  emulator: EmulatorRunResult;
  ok: boolean;
}

/** The reference emulator pauses 0 or 1 s between rows, as the course's does; a tenth of that keeps a run short. */
const REFERENCE_SLEEP_SCALE = "0.1";

/** Waits until the connector's committed offsets reach what the sink must have written (flush.size granules). */
async function waitForSink(stack: StartedStack, timeoutMs: number): Promise<void> {
  const flushSize = Number(stack.connector.config["flush.size"] ?? "1");
  const kafka = new Kafka({ brokers: [stack.info.kafka.bootstrapServers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const targets = new Map<string, number>();
    for (const topic of stack.info.topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const high = Number(p.high);
        targets.set(`${topic}/${p.partition}`, high - (high % flushSize));
      }
    }
    await pollUntil(
      async () => {
        const groups = await admin.fetchOffsets({
          groupId: `connect-${stack.connector.name}`,
          topics: stack.info.topics,
        });
        const committed = new Map<string, number>();
        for (const t of groups)
          for (const p of t.partitions) committed.set(`${t.topic}/${p.partition}`, Number(p.offset));
        const behind = [...targets].filter(([id, target]) => target > 0 && (committed.get(id) ?? -1) < target);
        return behind.length === 0 ? true : undefined;
      },
      { name: "the sink to write every record Kafka holds", timeoutMs, intervalMs: 200 },
    );
  } finally {
    await admin.disconnect();
  }
}

function emulatorFindings(result: EmulatorRunResult, wanted: number | undefined): Finding[] {
  if (result.stoppedBy !== "exited" || result.exitCode === 0) return [];
  return [
    {
      severity: "error",
      code: "EMULATOR_FAILED",
      message:
        `the emulator exited with code ${result.exitCode ?? result.signal} after ${result.accepted ?? 0}` +
        `${wanted === undefined ? "" : ` of ${wanted}`} accepted records; its output is in ${result.logFile}`,
    },
  ];
}

/** `pinpipe run`: up, run the emulator, wait for the sink, check every partition, down. */
export async function runJob(options: JobOptions = {}): Promise<JobResult> {
  const say = options.progress ?? defaultProgress;
  const records = options.records ?? (options.durationS === undefined ? 300 : undefined);
  const stack = await startStack({ restProxyPort: 0, ...options });
  try {
    const journalFile = join(stack.logDir, "gateway-journal.jsonl");
    const counter = new AckCounter(journalFile, stack.info.topics);
    await counter.skipExisting();
    const reference = options.emulator === undefined;
    const emulator = await runEmulator({
      command: options.emulator ?? `python3 ${JSON.stringify(REFERENCE_EMULATOR)}`,
      stack: stack.info,
      cacheDir: stack.cacheDir,
      logDir: stack.logDir,
      records,
      durationS: options.durationS,
      acceptedRecords: () => counter.count(),
      requirements: options.requirements,
      env: reference ? { EMULATOR_SLEEP_SCALE: REFERENCE_SLEEP_SCALE } : {},
      progress: say,
    });
    say(
      `emulator stopped (${emulator.stoppedBy}) after ${emulator.accepted ?? 0} accepted records; waiting for the sink`,
    );
    await waitForSink(stack, options.sinkTimeoutMs ?? 60_000);
    say("checking every partition");
    const report = await checkStack({
      info: stack.info,
      journalFile,
      topicsDir: stack.connector.config["topics.dir"] || "topics",
      flushSize: Number(stack.connector.config["flush.size"] ?? "1"),
      timeRotation: ["rotate.interval.ms", "rotate.schedule.interval.ms"].some(
        (key) => Number(stack.connector.config[key] ?? "-1") > 0,
      ),
      expectedLine: sinkLineEncoder(stack.connector.config),
    });
    report.findings.push(...emulatorFindings(emulator, records));
    report.ok = report.ok && report.findings.every((f) => f.severity !== "error");
    return { report, emulator, ok: report.ok };
  } finally {
    await stack.stop();
  }
}
