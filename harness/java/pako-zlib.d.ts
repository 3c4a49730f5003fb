// Types for the part of pako's zlib port (pako 2.1.0, lib/zlib) that lets a caller make each zlib call itself, with
// the output room it chooses, as the JDK calls the zlib it links. @types/pako types only pako's public wrappers.

declare module "pako/lib/zlib/zstream.js" {
  /** zlib's z_stream: input and output are arrays with an index, where C has pointers. */
  export default class ZStream {
    input: Uint8Array | null;
    next_in: number;
    avail_in: number;
    total_in: number;
    output: Uint8Array | null;
    next_out: number;
    avail_out: number;
    total_out: number;
    msg: string;
  }
}

declare module "pako/lib/zlib/deflate.js" {
  import type ZStream from "pako/lib/zlib/zstream.js";

  export function deflateInit2(
    strm: ZStream,
    level: number,
    method: number,
    windowBits: number,
    memLevel: number,
    strategy: number,
  ): number;
  export function deflate(strm: ZStream, flush: number): number;
  export function deflateEnd(strm: ZStream): number;
}
