import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, longest first: within a group they start first, so no worker is left with one of
 * them at the end while the others are idle. Vitest orders by the durations of earlier runs, but CI runs a clean
 * clone, where there are none and vitest would start the largest files first (and the projects in name order).
 */
const LONGEST_FIRST = [
  "specs/e2e/package.spec.ts",
  "specs/conformance/gateway/rest-proxy.spec.ts",
  "specs/conformance/rest-proxy/consumer.spec.ts",
  "specs/oracle/gzip.spec.ts",
  "specs/conformance/rest-proxy/produce.spec.ts",
  "specs/conformance/sink/errors.spec.ts",
  "specs/conformance/sink/crash.spec.ts",
  "specs/e2e/emulator-runner.spec.ts",
  "specs/conformance/rest-proxy/consumer-targets.spec.ts",
  "specs/conformance/sink/records.spec.ts",
  "specs/oracle/joda.spec.ts",
  "specs/e2e/run.spec.ts",
  "specs/e2e/run-refused.spec.ts",
  "specs/e2e/lifecycle.spec.ts",
];

const rank = (spec: TestSpecification): number => {
  const at = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
  return at === -1 ? LONGEST_FIRST.length : at;
};

/** Vitest's order (earlier durations, else size), except that the files above go first in their group. */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const order = (spec: TestSpecification): number => spec.project.config.sequence.groupOrder;
    // Array.prototype.sort is stable: files of equal rank keep vitest's order.
    return (await super.sort(files)).sort((a, b) => order(a) - order(b) || rank(a) - rank(b));
  }
}
