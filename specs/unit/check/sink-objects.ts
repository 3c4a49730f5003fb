import { objectKey } from "../../../harness/check/object-keys.ts";
import type { SinkObject } from "../../../harness/check/types.ts";

/** An object of partition 0 as the sink's JSON format writes it, for the check specs. */
export function sinkObject(
  topic: string,
  startOffset: number,
  lines: string[],
  extra: Partial<SinkObject> = {},
): SinkObject {
  return {
    key: objectKey("topics", topic, 0, startOffset),
    topic,
    partition: 0,
    startOffset,
    extension: "json",
    lines,
    endsWithNewline: true,
    size: 0,
    ...extra,
  };
}
