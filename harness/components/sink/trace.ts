/** Java-style stack trace text for a task's `trace` field: `Class: message`, a frame, `Caused by:` per cause. */

const FRAMES: Record<string, string> = {
  "org.apache.kafka.connect.errors.ConnectException":
    "org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:618)",
  "org.apache.kafka.connect.errors.DataException":
    "org.apache.kafka.connect.json.JsonConverter.toConnectData(JsonConverter.java:324)",
  "io.confluent.connect.storage.errors.PartitionException":
    "io.confluent.connect.s3.TopicPartitionWriter.executeState(TopicPartitionWriter.java:296)",
};

function line(e: Error): string {
  const name = e.name.includes(".") ? e.name : "org.apache.kafka.connect.errors.ConnectException";
  return e.message === "" ? name : `${name}: ${e.message}`;
}

export function javaTrace(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  let first = true;
  while (e instanceof Error) {
    const frame = FRAMES[e.name] ?? "org.apache.kafka.connect.runtime.WorkerTask.run(WorkerTask.java:237)";
    parts.push(`${first ? "" : "Caused by: "}${line(e)}\n\tat ${frame}`);
    first = false;
    e = e.cause;
  }
  if (parts.length === 0) parts.push(`java.lang.RuntimeException: ${String(error)}`);
  return parts.join("\n") + "\n";
}

/** Wraps a put() failure the way WorkerSinkTask does. */
export function exitingTask(cause: Error): Error {
  const e = new Error("Exiting WorkerSinkTask due to unrecoverable exception.", { cause });
  e.name = "org.apache.kafka.connect.errors.ConnectException";
  return e;
}
