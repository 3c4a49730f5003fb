import { defineConfig } from "vitest/config";

// The AWS SDK's notice that its 2027 releases need Node 22 says nothing to act on for the pinned release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** End-to-end specs that start stacks of their own (through `pinpipe run`, `startStack`, the packed package). */
const OWN_STACKS = [
  "specs/e2e/emulators.spec.ts",
  "specs/e2e/example.spec.ts",
  "specs/e2e/lifecycle.spec.ts",
  "specs/e2e/package.spec.ts",
  "specs/e2e/replay.spec.ts",
  "specs/e2e/run.spec.ts",
];

// Projects: unit specs need nothing running; the oracle specs need only the oracle's JVM; the shared-stack specs use
// one stack started by globalSetup, one file after another; the specs with stacks of their own, one after another.
// A project whose files run one at a time makes vitest 4 take the projects one at a time too (measured: two such
// projects of two 3 s files each take 12 s, not 6), so the run is serial. Running the own-stack specs beside the
// rest, in vitest processes of their own, overloaded two cores: emulators took more than the diagnosis window to
// post. Fault specs and scenarios are `npm run test:faults`.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["specs/unit/**/*.spec.ts"],
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
          exclude: OWN_STACKS,
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
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
