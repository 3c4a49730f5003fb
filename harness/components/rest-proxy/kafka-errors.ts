import {
  RestError,
  brokerNotAvailable,
  internalServerError,
  kafkaError,
  kafkaRetriable,
  topicNotFound,
} from "./errors.ts";

/** What a kafkajs failure means in the real proxy's terms (the Java client exception it stands for). */
export interface KafkaFailure {
  /** 40101, 40301, 50002 or 50003 (the per-record produce codes). */
  code: number;
  /** HTTP status of a produce response containing this failure. */
  status: number;
  message: string;
  /** The broker error name, when there was one (`UNKNOWN_TOPIC_OR_PARTITION`...). */
  type: string | undefined;
}

interface KafkaJsLike {
  name?: string;
  message?: string;
  type?: string;
  retriable?: boolean;
  originalError?: unknown;
  cause?: unknown;
}

const AUTHZ = new Set(["TOPIC_AUTHORIZATION_FAILED", "GROUP_AUTHORIZATION_FAILED", "CLUSTER_AUTHORIZATION_FAILED"]);
const BAD_REQUEST = new Set([
  "TOPIC_ALREADY_EXISTS",
  "INVALID_PARTITIONS",
  "INVALID_REPLICATION_FACTOR",
  "INVALID_CONFIG",
  "INVALID_REQUEST",
  "POLICY_VIOLATION",
  "UNSUPPORTED_VERSION",
  "SECURITY_DISABLED",
  "UNKNOWN_SERVER_ERROR",
  "INVALID_TOPIC_EXCEPTION",
]);

/** Unwraps kafkajs retry wrappers (`cause` in kafkajs 2, `originalError` in 1.x) to the error that happened. */
export function rootKafkaError(error: unknown): KafkaJsLike {
  let e = error as KafkaJsLike;
  for (let i = 0; i < 5; i++) {
    const inner = e?.originalError ?? e?.cause;
    if (inner === undefined || inner === null) break;
    e = inner as KafkaJsLike;
  }
  return e ?? {};
}

function isKafkaJs(error: unknown): boolean {
  const name = (error as KafkaJsLike)?.name;
  return typeof name === "string" && name.startsWith("KafkaJS");
}

export function classifyKafkaError(error: unknown): KafkaFailure {
  const outer = error as KafkaJsLike;
  const root = rootKafkaError(error);
  const type = root.type;
  const message = root.message ?? String(error);
  if (root.name === "KafkaJSSASLAuthenticationError") return { code: 40101, status: 401, message, type };
  if (type !== undefined && AUTHZ.has(type)) return { code: 40301, status: 403, message, type };
  const retriable =
    root.retriable === true ||
    outer.name === "KafkaJSNumberOfRetriesExceeded" ||
    root.name === "KafkaJSRequestTimeoutError" ||
    root.name === "KafkaJSConnectionError" ||
    root.name === "KafkaJSTimeout";
  return { code: retriable ? 50003 : 50002, status: 200, message, type };
}

/**
 * Maps a failure of a non-produce Kafka call (admin, consumer) to the real proxy's error response.
 * Non-Kafka exceptions become the generic 500.
 */
export function kafkaRestError(error: unknown): RestError {
  if (error instanceof RestError) return error;
  if (!isKafkaJs(error)) return internalServerError();
  const f = classifyKafkaError(error);
  if (f.code === 40101) return new RestError(401, 40101, f.message);
  if (f.code === 40301) return new RestError(403, 40301, f.message);
  if (f.type === "UNKNOWN_TOPIC_OR_PARTITION") return topicNotFound();
  if (f.type === "BROKER_NOT_AVAILABLE") return brokerNotAvailable(f.message);
  if (f.type !== undefined && BAD_REQUEST.has(f.type)) return new RestError(400, 40002, f.message);
  return f.code === 50003 ? kafkaRetriable(f.message) : kafkaError(f.message);
}
