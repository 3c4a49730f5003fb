import { defineConfig } from "vitest/config";

// The AWS SDK's notice that its 2027 releases need Node 22 says nothing to act on for the pinned release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// `npm run test:faults`: every shipped scenario and the fault command against a detached stack. Each starts stacks
// of its own, one file after another; too long for `npm test`, and CI runs it after.
export default defineConfig({
  test: {
    name: "scenarios",
    include: ["specs/scenarios/**/*.spec.ts"],
    testTimeout: 240_000,
    fileParallelism: false,
  },
});
