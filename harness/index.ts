export { startStack, type StackOptions, type StartedStack } from "./stack.ts";
export { pinterestTopics, type StackInfo } from "./stack-info.ts";
export { PinpipeError, ErrorCode, isPinpipeError } from "./errors.ts";
export type { StartedMysql, MysqlEndpoint } from "./components/mysql/index.ts";
export type { StartedKafka, KafkaBroker } from "./components/kafka/index.ts";
