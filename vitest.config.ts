import { defineConfig } from "vitest/config";

// The AWS SDK's notice that its 2027 releases need Node 22 says nothing to act on for the pinned release.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// Two projects: unit specs need nothing running; the others share one stack started by globalSetup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["specs/unit/**/*.spec.ts"],
        },
      },
      {
        test: {
          name: "stack",
          include: ["specs/e2e/**/*.spec.ts", "specs/conformance/**/*.spec.ts", "specs/faults/**/*.spec.ts"],
          globalSetup: ["specs/setup/stack.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The specs share one broker and one database, so files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
