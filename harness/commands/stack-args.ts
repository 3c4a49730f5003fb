import { DEFAULT_ROWS, DEFAULT_SEED } from "../../fixtures/generator/dataset.ts";
import { parseRuntimeChoice } from "../config.ts";
import type { StackOptions } from "../stack.ts";
import { integerAtLeast, positiveInteger } from "./args.ts";

/** The options `up` and `run` share: which stack to start. */
export const STACK_OPTIONS = {
  runtime: {
    type: "string",
    value: "auto|native|docker",
    defaultText: "auto: the container runtime where a Docker engine answers, else native",
    help: "where the components run",
  },
  "user-id": {
    type: "string",
    value: "ID",
    defaultText: "random",
    help: "the prefix of the topics and the bucket, as the course's user id",
  },
  stage: { type: "string", value: "NAME", defaultText: "prod", help: "the API Gateway stage the invoke URL names" },
  partitions: { type: "string", value: "N", defaultText: "1", help: "partitions of each of the three topics" },
  "kinesis-shards": {
    type: "string",
    value: "N",
    defaultText: "1",
    help: "shards of each of the three Kinesis streams (streaming-<user id>-pin, -geo, -user)",
  },
  connector: {
    type: "string",
    value: "FILE",
    defaultText: "the course's MSK configuration",
    help: "your own connector: .properties, Connect JSON or MSK's CreateConnector JSON",
  },
  api: {
    type: "string",
    value: "FILE",
    defaultText: "the course's {proxy+} to the REST proxy and the Kinesis tutorial's /streams",
    help: "your own REST API, as API Gateway exports it: OpenAPI 3 or Swagger 2, JSON or YAML",
  },
  "fixture-seed": {
    type: "string",
    value: "N",
    defaultText: String(DEFAULT_SEED),
    help: "the seed of the Pinterest dataset loaded into MySQL",
  },
  "fixture-rows": {
    type: "string",
    value: "N",
    defaultText: `${DEFAULT_ROWS}, the real table's size`,
    help: "rows per table of that dataset",
  },
} as const;

type StackArgValues = { [K in keyof typeof STACK_OPTIONS]?: string };

export function stackOptionsFromArgs(values: StackArgValues): StackOptions {
  return {
    runtime: values.runtime === undefined ? undefined : parseRuntimeChoice(values.runtime, "--runtime"),
    userId: values["user-id"],
    stage: values.stage,
    partitions: positiveInteger(values.partitions, "--partitions"),
    kinesisShards: positiveInteger(values["kinesis-shards"], "--kinesis-shards"),
    connectorFile: values.connector,
    apiFile: values.api,
    fixtures: {
      seed: integerAtLeast(0, values["fixture-seed"], "--fixture-seed"),
      rows: integerAtLeast(0, values["fixture-rows"], "--fixture-rows"),
    },
  };
}
