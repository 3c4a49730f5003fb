import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startStack } from "../../harness/index.ts";
import type { StackInfo, StartedStack } from "../../harness/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The one stack the e2e, conformance and fault specs share. */
    stack: StackInfo;
  }
}

interface SharedStack {
  started: Promise<StartedStack>;
  /** Projects that set it up and have not torn it down yet; the last one stops it. */
  users: number;
}

// Vitest loads a global setup file once per project that names it, each time as a module of its own, but all in one
// process: the stack is kept on the global object so that the projects of one run share one stack.
const SHARED = Symbol.for("pinpipe.specs.sharedStack");
const holder = globalThis as typeof globalThis & { [SHARED]?: SharedStack };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A free port for the REST proxy, so a stack the user has running on 8082 does not stop the specs.
  const shared = (holder[SHARED] ??= { started: startStack({ restProxyPort: 0 }), users: 0 });
  shared.users += 1;
  const stack = await shared.started;
  project.provide("stack", stack.info);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete holder[SHARED];
    await stack.stop();
  };
}
