import { afterAll, beforeAll } from "vitest";
import { config } from "../../harness/config.ts";
import { startOracle, type JavaOracle, type OracleAnswer } from "../../harness/oracle/index.ts";

/** Starts the oracle JVM once for the file (building it into the cache on the first run) and ends it after. */
export function useOracle(): () => JavaOracle {
  let oracle: JavaOracle | undefined;
  beforeAll(async () => {
    oracle = await startOracle(config().cacheDir);
  }, 300_000);
  afterAll(async () => {
    await oracle?.close();
  });
  return () => {
    if (!oracle) throw new Error("the oracle did not start");
    return oracle;
  };
}

/** pinpipe's outcome for one input: its bytes, or that it refused the input. */
export type Outcome = { ok: true; output: Buffer } | { ok: false; error: string };

export function outcomeOf(run: () => Buffer | string): Outcome {
  try {
    const output = run();
    return { ok: true, output: typeof output === "string" ? Buffer.from(output, "utf8") : output };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}

/**
 * The inputs where pinpipe and the real library disagree: one accepts what the other refuses, or the bytes differ.
 * Each is described in a line a reader can act on.
 */
export function disagreements(
  inputs: readonly string[],
  ours: readonly Outcome[],
  theirs: readonly OracleAnswer[],
): string[] {
  const out: string[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const a = ours[i] as Outcome;
    const b = theirs[i] as OracleAnswer;
    if (a.ok && b.ok && a.output.equals(b.output)) continue;
    if (!a.ok && !b.ok) continue;
    const show = (o: Outcome | OracleAnswer): string =>
      o.ok ? JSON.stringify(o.output.toString("utf8")) : `refused (${o.error.split("\n")[0]})`;
    out.push(`input ${JSON.stringify(inputs[i]?.slice(0, 300))}\n  pinpipe: ${show(a)}\n  java:    ${show(b)}`);
  }
  return out;
}

/** The first few disagreements, for an assertion message that stays readable. */
export function summary(found: readonly string[], of: number): string {
  return `${found.length} of ${of} inputs differ:\n${found.slice(0, 8).join("\n")}`;
}
