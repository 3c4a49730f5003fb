import { setTimeout as delay } from "node:timers/promises";
import { request } from "undici";
import type { RecordedRequest } from "./recorded-requests.ts";

export interface ReplayOutcome {
  sent: number;
  /** Requests answered with another status than the recorded one: `recorded→now` and how many. */
  statusChanges: Record<string, number>;
  /** Requests whose recorded body was cut, sent as cut. */
  truncated: number;
  failed: number;
}

/**
 * Sends the recorded requests to `origin` (the new gateway) with their original spacing divided by `speed`;
 * `speed` 0 sends each as soon as the one before was answered. Requests overlap as they did when recorded.
 */
export async function sendRecorded(
  requests: readonly RecordedRequest[],
  origin: string,
  speed: number,
): Promise<ReplayOutcome> {
  const outcome: ReplayOutcome = { sent: 0, statusChanges: {}, truncated: 0, failed: 0 };
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (const recorded of requests) {
    if (speed > 0) {
      const wait = started + recorded.atMs / speed - performance.now();
      if (wait > 0) await delay(wait);
    }
    const sent = send(recorded, origin, outcome);
    if (speed > 0) inFlight.push(sent);
    else await sent;
  }
  await Promise.all(inFlight);
  return outcome;
}

async function send(recorded: RecordedRequest, origin: string, outcome: ReplayOutcome): Promise<void> {
  outcome.sent += 1;
  if (recorded.truncated) outcome.truncated += 1;
  try {
    const answer = await request(new URL(recorded.url, origin), {
      method: recorded.method as "POST",
      headers: recorded.headers.flat(),
      body: recorded.method === "GET" || recorded.method === "HEAD" ? undefined : recorded.body,
    });
    await answer.body.dump();
    if (answer.statusCode !== recorded.status) {
      const change = `${recorded.status}→${answer.statusCode}`;
      outcome.statusChanges[change] = (outcome.statusChanges[change] ?? 0) + 1;
    }
  } catch {
    outcome.failed += 1;
  }
}
