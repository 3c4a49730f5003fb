import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./specs/support/sequencer.ts";

// The AWS SDK's notice that its 2027 releases need Node 22 says nothing to act on for the pinned release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** Kinesis conformance specs: they need no stack (project "kinesis"). */
const KINESIS_CONFORMANCE = "specs/conformance/kinesis/**/*.spec.ts";

/** The real emulators, each through `pinpipe run` with a stack of its own: two runs of it fill two cores. */
const EMULATORS = "specs/e2e/emulators.spec.ts";

/** The other end-to-end specs that start stacks of their own (through `pinpipe run`, `startStack`). */
const OWN_STACKS = [
  "specs/e2e/example.spec.ts",
  "specs/e2e/lifecycle.spec.ts",
  "specs/e2e/replay.spec.ts",
  "specs/e2e/run.spec.ts",
  "specs/e2e/run-refused.spec.ts",
];

/**
 * The packed package, installed into a user's project: most of its time is npm packing and installing, which
 * waits on the disk more than on the CPU, and one stack at its end. It runs beside the unit specs.
 */
const PACKAGE = "specs/e2e/package.spec.ts";

// Three groups, one after another (vitest runs the groups of `sequence.groupOrder` in order, and a group's projects
// must share one maxWorkers):
// 0. Three files at a time: the unit specs, the oracle (one JVM, no stack), the packed package, and the specs that
//    share one stack started by globalSetup. Those use topics, buckets and servers of their own, or only read the
//    stack's, so they run beside each other; most of their time is waiting (an integration timeout, consumer
//    instances expiring, a sink's objects appearing).
// 1. The real emulators, two runs at a time: both cores are busy throughout (measured: 1.9 cores over 85 s).
// 2. The other own-stack specs, two files at a time: run.spec alone kept 1.0-1.4 cores busy over its 59 s (it is
//    two files now), and lifecycle, replay and example 1.4 over their 40 s.
// Fault specs and scenarios are `npm run test:faults`.
export default defineConfig({
  test: {
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        test: {
          name: "unit",
          include: ["specs/unit/**/*.spec.ts"],
          // A worker keeps the modules it loaded for the next file: most unit files import the same harness
          // modules, and loading them again for each file was half of the project's CPU (measured: 59 CPU-s and
          // 35 s alone isolated, 37 CPU-s and 21-30 s not). The files pass in any order (--sequence.shuffle.files).
          isolate: false,
        },
      },
      {
        test: {
          // The Kinesis stand-in against the real clients: each file starts its own servers, no stack.
          name: "kinesis",
          include: [KINESIS_CONFORMANCE],
        },
      },
      {
        test: {
          name: "package",
          include: [PACKAGE],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The differential oracle: the real Java libraries in one JVM, no stack.
          name: "oracle",
          include: ["specs/oracle/**/*.spec.ts"],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "stack",
          include: ["specs/e2e/**/*.spec.ts", "specs/conformance/**/*.spec.ts"],
          exclude: [EMULATORS, ...OWN_STACKS, PACKAGE, KINESIS_CONFORMANCE],
          globalSetup: ["specs/setup/stack.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "emulators",
          include: [EMULATORS],
          // The file's concurrent tests two at a time: more would only share the same two cores.
          maxConcurrency: 2,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "own-stacks",
          include: OWN_STACKS,
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
