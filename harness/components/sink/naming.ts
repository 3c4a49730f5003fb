/** Where the S3 sink puts an object: the key layout of the real connector, byte for byte. */

export interface KeyLayout {
  /** `topics.dir`; a blank value drops the prefix, anything else is used verbatim (no slash normalisation). */
  topicsDir: string;
  /** `directory.delim` */
  directoryDelim: string;
  /** `file.delim` */
  fileDelim: string;
  /** `filename.offset.zero.pad.width` (>= 1). */
  padWidth: number;
}

/** Java `%0<width>d`: pads with zeros, never truncates. */
export function zeroPad(offset: number | bigint, width: number): string {
  const text = offset.toString();
  if (text.startsWith("-")) return "-" + text.slice(1).padStart(width - 1, "0");
  return text.padStart(width, "0");
}

/** `<topic><D><encodedPartition>`, the directory every built-in partitioner generates. */
export function partitionedPath(topic: string, encodedPartition: string, directoryDelim: string): string {
  return topic + directoryDelim + encodedPartition;
}

/** The object key of a file whose first record has `startOffset`; `extension` includes its dot(s). */
export function objectKey(
  layout: KeyLayout,
  topic: string,
  encodedPartition: string,
  kafkaPartition: number,
  startOffset: number | bigint,
  extension: string,
): string {
  const F = layout.fileDelim;
  const name = topic + F + kafkaPartition + F + zeroPad(startOffset, layout.padWidth) + extension;
  const suffix = partitionedPath(topic, encodedPartition, layout.directoryDelim) + layout.directoryDelim + name;
  return layout.topicsDir.trim() === "" ? suffix : layout.topicsDir + layout.directoryDelim + suffix;
}

/**
 * A keys/headers sibling's extension: the tag goes before the sibling format's own extension, which keeps any
 * compression suffix (`.keys.json.gz`).
 */
export function siblingExtension(tag: "keys" | "headers", extension: string): string {
  return `.${tag}${extension}`;
}
