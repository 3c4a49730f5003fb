import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startStack } from "../../harness/index.ts";
import type { StackInfo } from "../../harness/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The one stack the e2e, conformance and fault specs share. */
    stack: StackInfo;
    /** Where its component logs are, for specs that read them. */
    stackLogDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A free port for the REST proxy, so a stack the user has running on 8082 does not stop the specs.
  const stack = await startStack({ restProxyPort: 0 });
  project.provide("stack", stack.info);
  project.provide("stackLogDir", stack.logDir);
  return () => stack.stop();
}
