/** The parts of a key the S3 sink's default partitioner writes: `<dir>/<topic>/partition=<p>/<topic>+<p>+<offset>.<ext>`. */
export interface ParsedKey {
  topicsDir: string;
  topic: string;
  partition: number;
  startOffset: number;
  extension: string;
}

// The start offset is zero-padded to 10 digits by default; wider numbers are printed in full.
const KEY = /^(?<dir>.*?)\/?(?<topic>[^/]+)\/partition=(?<partition>\d+)\/(?<file>[^/]+)$/;
const FILE = /^(?<topic>.+)\+(?<partition>\d+)\+(?<offset>\d{10,})\.(?<ext>[a-z]+(?:\.gz)?)$/;

export function parseObjectKey(key: string): ParsedKey | undefined {
  const outer = KEY.exec(key)?.groups;
  if (!outer) return undefined;
  const inner = FILE.exec(outer.file as string)?.groups;
  if (!inner || inner.topic !== outer.topic || inner.partition !== outer.partition) return undefined;
  return {
    topicsDir: outer.dir as string,
    topic: outer.topic as string,
    partition: Number(outer.partition),
    startOffset: Number(inner.offset),
    extension: inner.ext as string,
  };
}

export function objectKey(
  topicsDir: string,
  topic: string,
  partition: number,
  startOffset: number,
  ext = "json",
): string {
  const prefix = topicsDir === "" ? "" : `${topicsDir}/`;
  return `${prefix}${topic}/partition=${partition}/${topic}+${partition}+${String(startOffset).padStart(10, "0")}.${ext}`;
}
