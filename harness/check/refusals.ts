import type { Refusal } from "./acks.ts";
import { finding, FindingCode } from "./finding-codes.ts";
import type { Finding } from "./types.ts";

/** One finding per distinct refusal, with how many records got it. */
export function refusalFindings(refusals: readonly Refusal[]): Finding[] {
  const groups = new Map<string, { refusal: Refusal; count: number }>();
  for (const refusal of refusals) {
    const id = `${refusal.status} ${refusal.errorCode} ${refusal.message}`;
    const group = groups.get(id);
    if (group) group.count++;
    else groups.set(id, { refusal, count: 1 });
  }
  return [...groups.values()].map(({ refusal, count }) =>
    finding(FindingCode.Refused, {
      message:
        `${count} ${refusal.topic === "" ? "call(s)" : "record(s)"} refused (${refusal.call}): HTTP ${refusal.status}` +
        `${refusal.errorCode === null ? "" : `, error_code ${refusal.errorCode}`}: ${refusal.message}`,
      where: `request ${refusal.requestId}`,
    }),
  );
}
