/**
 * The little CBOR needed to answer a request sent as `application/x-amz-cbor-1.1`: an error body, a map of text
 * strings (`{"__type": …, "message": …}`), which the AWS SDKs decode and raise as the named exception.
 */
function textHeader(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const header = Buffer.alloc(5);
  header[0] = (major << 5) | 26;
  header.writeUInt32BE(length, 1);
  return header;
}

function text(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  return Buffer.concat([textHeader(3, bytes.length), bytes]);
}

export function cborErrorBody(body: Record<string, string>): Buffer {
  const entries = Object.entries(body);
  return Buffer.concat([textHeader(5, entries.length), ...entries.flatMap(([key, value]) => [text(key), text(value)])]);
}
