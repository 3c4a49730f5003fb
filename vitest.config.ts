import { defineConfig } from "vitest/config";

// The AWS SDK's notice that its 2027 releases need Node 22 says nothing to act on for the pinned release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/**
 * Shared-stack specs that mostly wait (an integration timeout, consumer instances expiring, a crashed worker's
 * session running out, a producer's metadata wait, a dead letter queue's reader joining its group, a sink's
 * objects appearing), on topics, buckets and servers of their own (each sink spec starts a worker of its own):
 * they run beside the unit specs instead of holding up the specs that take the shared stack one file at a time.
 */
const WAITING_ON_THE_STACK = [
  "specs/conformance/gateway/rest-proxy.spec.ts",
  "specs/conformance/rest-proxy/consumer.spec.ts",
  "specs/conformance/rest-proxy/consumer-targets.spec.ts",
  "specs/conformance/rest-proxy/produce.spec.ts",
  "specs/conformance/sink/*.spec.ts",
];

/** Kinesis conformance specs: they need no stack (project "kinesis"). */
const KINESIS_CONFORMANCE = "specs/conformance/kinesis/**/*.spec.ts";

/** End-to-end specs that start stacks of their own (through `pinpipe run`, `startStack`). */
const OWN_STACKS = [
  "specs/e2e/emulators.spec.ts",
  "specs/e2e/example.spec.ts",
  "specs/e2e/lifecycle.spec.ts",
  "specs/e2e/replay.spec.ts",
  "specs/e2e/run.spec.ts",
];

/**
 * The packed package, installed into a user's project: most of its time is npm packing and installing, which
 * waits on the disk more than on the CPU, and one stack at its end. It runs beside the unit specs.
 */
const PACKAGE = "specs/e2e/package.spec.ts";

// Projects: unit specs need nothing running; the oracle specs need only the oracle's JVM; the shared-stack specs use
// one stack started by globalSetup, one file after another; the specs with stacks of their own, one after another.
// Vitest 4 runs the files of projects that allow parallel files first, three at a time (the shared-stack specs that
// mostly wait are there, beside the unit specs), then the files of projects that do not, one at a time (measured:
// two such projects of two 3 s files each take 12 s, not 6). Running the own-stack specs beside the rest, in vitest
// processes of their own, overloaded two cores: emulators took more than the diagnosis window to post. Fault specs
// and scenarios are `npm run test:faults`.
export default defineConfig({
  test: {
    maxWorkers: 3,
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
          name: "stack-waits",
          include: WAITING_ON_THE_STACK,
          // The same stack as project "stack": the setup file keeps one for both.
          globalSetup: ["specs/setup/stack.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "stack",
          include: ["specs/e2e/**/*.spec.ts", "specs/conformance/**/*.spec.ts"],
          exclude: [...OWN_STACKS, PACKAGE, ...WAITING_ON_THE_STACK, KINESIS_CONFORMANCE],
          globalSetup: ["specs/setup/stack.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The specs share one broker and one database, so files run one after another.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "own-stacks",
          include: OWN_STACKS,
          // A file's concurrent tests (the runs of emulators.spec) two at a time: more would overload two cores.
          maxConcurrency: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
