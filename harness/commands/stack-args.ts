import { parseRuntimeChoice } from "../config.ts";
import type { StackOptions } from "../stack.ts";
import { integerAtLeast, positiveInteger } from "./args.ts";

/** The options `up` and `run` share: which stack to start. */
export const STACK_OPTIONS = {
  runtime: { type: "string" },
  "user-id": { type: "string" },
  stage: { type: "string" },
  partitions: { type: "string" },
  connector: { type: "string" },
  "fixture-seed": { type: "string" },
  "fixture-rows": { type: "string" },
} as const;

type StackArgValues = { [K in keyof typeof STACK_OPTIONS]?: string };

export function stackOptionsFromArgs(values: StackArgValues): StackOptions {
  return {
    runtime: values.runtime === undefined ? undefined : parseRuntimeChoice(values.runtime, "--runtime"),
    userId: values["user-id"],
    stage: values.stage,
    partitions: positiveInteger(values.partitions, "--partitions"),
    connectorFile: values.connector,
    fixtures: {
      seed: integerAtLeast(0, values["fixture-seed"], "--fixture-seed"),
      rows: integerAtLeast(0, values["fixture-rows"], "--fixture-rows"),
    },
  };
}
