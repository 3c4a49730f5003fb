import { defineConfig } from "vitest/config";

// The AWS SDK's notice that its 2027 releases need Node 22 says nothing to act on for the pinned release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// `npm run test:faults`: the fault specs (components killed and started again, a three-node cluster losing a node),
// every shipped scenario, and the fault command against a detached stack. Too long for `npm test`; CI runs it after.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "faults",
          include: ["specs/faults/**/*.spec.ts"],
          globalSetup: ["specs/setup/stack.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "scenarios",
          include: ["specs/scenarios/**/*.spec.ts"],
          testTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
