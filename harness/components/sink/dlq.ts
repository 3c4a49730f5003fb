import type { Producer } from "kafkajs";
import type { RawRecord } from "./records.ts";
import { javaTrace } from "./trace.ts";

export type Stage = "KEY_CONVERTER" | "VALUE_CONVERTER" | "HEADER_CONVERTER" | "TASK_PUT";

export interface ErrorContext {
  connector: string;
  taskId: number;
  stage: Stage;
  /** The class that was executing (converter or task class). */
  className: string;
  error: Error;
}

const H = "__connect.errors.";

function exceptionClass(e: Error): string {
  return e.name.includes(".") ? e.name : "org.apache.kafka.connect.errors.ConnectException";
}

/** The headers Connect adds to a dead-letter record when context headers are enabled. */
export function contextHeaders(record: RawRecord, ctx: ErrorContext): [string, string][] {
  return [
    [`${H}topic`, record.topic],
    [`${H}partition`, String(record.partition)],
    [`${H}offset`, String(record.offset)],
    [`${H}connector.name`, ctx.connector],
    [`${H}task.id`, String(ctx.taskId)],
    [`${H}stage`, ctx.stage],
    [`${H}class.name`, ctx.className],
    [`${H}exception.class.name`, exceptionClass(ctx.error)],
    [`${H}exception.message`, ctx.error.message],
    [`${H}exception.stacktrace`, javaTrace(ctx.error)],
  ];
}

/** Sends the original record (key, value, headers, timestamp) to the dead-letter topic. */
export async function sendToDlq(
  producer: Producer,
  topic: string,
  record: RawRecord,
  ctx: ErrorContext,
  withContext: boolean,
): Promise<void> {
  const headers: { key: string; value: Buffer | null }[] = record.headers.map(([key, value]) => ({ key, value }));
  if (withContext)
    for (const [key, value] of contextHeaders(record, ctx)) headers.push({ key, value: Buffer.from(value, "utf8") });
  // kafkajs takes headers as an object; repeated keys become arrays, which keeps every header.
  const headerObject: Record<string, Buffer[]> = {};
  for (const h of headers) (headerObject[h.key] ??= []).push(h.value ?? Buffer.alloc(0));
  await producer.send({
    topic,
    messages: [
      {
        key: record.key,
        value: record.value,
        headers: headerObject,
        ...(record.timestamp === null ? {} : { timestamp: String(record.timestamp) }),
      },
    ],
  });
}
