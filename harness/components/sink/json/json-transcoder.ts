import { isUtf8 } from "node:buffer";
import { writeShortEscape, writeUnit, writeUnitEscape } from "../../../java/jackson-utf8-escape.ts";
import { javaDoubleFromToken, javaLongFromToken } from "../../../java/java-number.ts";
import { writeJackson } from "./java-value.ts";
import { ObjectShapes, type ObjectShape } from "./object-shapes.ts";

/**
 * The sink's fast path from a record's bytes to the JSON that JsonConverter (schemas disabled) and JsonFormat write
 * for it, without the Java value tree in between: most of a record's output is its input, byte for byte (strings
 * with nothing to unescape, integers in canonical form, literals), so those are copied as slices and only object
 * members are put in HashMap order. What Jackson would write differently (escapes, characters outside the BMP,
 * other numbers) is written here by the same rules as `writeJackson`.
 *
 * It answers only for input the general path reads without complaint, and only where the answer is plain; for
 * anything else (malformed input, a byte-order mark, a null or blank value, text after the value, very deep
 * nesting, a literal run on into other characters) it answers `undefined` and the general path decides, with its
 * own result or its own error. How Jackson treats those odd cases is the general path's alone to model.
 */

const FROM_INPUT = 0;
const FROM_SCRATCH = 1;

/** Deeper than this, the general path decides (it has its own limits). */
const MAX_DEPTH = 500;
/** A scratch buffer grown past this by one odd record is not kept for the next. */
const SCRATCH_KEPT = 1 << 20;
/** Answers are cut from chunks this big: a record then costs no buffer (nor DataView) of its own. */
const ANSWER_CHUNK = 256 * 1024;

const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// A Buffer, as records are: the reader's loads then see one kind of array.
const NO_INPUT: Uint8Array = Buffer.alloc(0);
const NO_INPUT_VIEW = new DataView(NO_INPUT.buffer, NO_INPUT.byteOffset, 0);

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** What may follow a literal here: what ends a value in a container (anything else is left to the general path). */
function endsValue(c: number): boolean {
  return isWs(c) || c === 0x2c || c === 0x5d || c === 0x7d;
}

function hexValue(c: number): number {
  if (isDigit(c)) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * What a byte inside a string is: 0 written as it is (most are), or a quote, a backslash, a control character
 * (which Jackson refuses unescaped), or the first byte of a character outside the BMP (written as two escapes).
 */
const IN_STRING_AS_IS = 0;
const IN_STRING_QUOTE = 1;
const IN_STRING_BACKSLASH = 2;
const IN_STRING_CONTROL = 3;
const IN_STRING_ASTRAL = 4;
const IN_STRING = new Uint8Array(256).map((_, c) => {
  if (c < 0x20) return IN_STRING_CONTROL;
  if (c === QUOTE) return IN_STRING_QUOTE;
  if (c === BACKSLASH) return IN_STRING_BACKSLASH;
  return c >= 0xf0 ? IN_STRING_ASTRAL : IN_STRING_AS_IS;
});

/**
 * Copies a span four bytes at a time. The spans are short (a key, a value): a native copy costs more to call (and
 * to make a subarray for) than it saves, and DataView's 4-byte loads and stores, unaligned ones too, are compiled
 * inline: measured, three times as fast as a byte loop on these spans.
 */
function copy(from: DataView, start: number, end: number, to: DataView, at: number): number {
  let s = start;
  let a = at;
  for (; s + 4 <= end; s += 4, a += 4) to.setUint32(a, from.getUint32(s));
  for (; s < end; s++, a++) to.setUint8(a, from.getUint8(s));
  return a;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Bytes `start..end` of `bytes`: the JSON of one record, in a chunk it shares with others. */
export interface JsonSlice {
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
}

export interface TranscodeOptions {
  /** As the general path's option: Connect 3.6+ reads `007` as 7; otherwise leading zeros are refused. */
  allowLeadingZeros: boolean;
}

/**
 * Reads records one at a time (it keeps scratch space between them). Values in progress are spans, each either a
 * slice of the input or of the scratch buffer, kept on a stack as parallel arrays: an object's members wait there
 * until it closes and its shape says in which order they are written.
 */
export class JsonTranscoder {
  private src = NO_INPUT;
  private srcView = NO_INPUT_VIEW;
  private pos = 0;
  private end = 0;
  private scratch: Buffer = Buffer.allocUnsafe(4096);
  private scratchView = viewOf(this.scratch);
  private scratchUsed = 0;
  private spanFrom = new Uint8Array(64);
  private spanStart = new Int32Array(64);
  private spanEnd = new Int32Array(64);
  private keyStart = new Int32Array(64);
  private keyEnd = new Int32Array(64);
  private spans = 0;
  /** The chunk answers are written to, and how much of it earlier answers took. */
  private answers: Buffer = Buffer.allocUnsafe(ANSWER_CHUNK);
  private answersView = viewOf(this.answers);
  private answersUsed = 0;
  /** Where the root value's output is in the answers' chunk (a root container is written straight there). */
  private rootStart = 0;
  private rootEnd = -1;
  private readonly shapes = new ObjectShapes();

  constructor(private readonly options: TranscodeOptions) {}

  /** The bytes Jackson writes for the value these bytes hold (no line separator), or undefined: ask the general path. */
  transcode(bytes: Uint8Array): JsonSlice | undefined {
    if (!isUtf8(bytes)) return undefined;
    // A byte-order mark is dropped by the general path's decoder: rare enough to leave to it.
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
    this.src = bytes;
    this.srcView = viewOf(bytes);
    this.pos = 0;
    this.end = bytes.length;
    this.spans = 0;
    this.scratchUsed = 0;
    this.rootEnd = -1;
    try {
      return this.root();
    } catch {
      // A defect here must not lose a record: the general path decides.
      return undefined;
    } finally {
      this.src = NO_INPUT;
      this.srcView = NO_INPUT_VIEW;
      if (this.scratch.length > SCRATCH_KEPT) this.setScratch(Buffer.allocUnsafe(4096));
    }
  }

  private root(): JsonSlice | undefined {
    const src = this.src;
    this.skipWs();
    if (this.pos >= this.end) return undefined;
    // A null value is the general path's: the task tells null values apart without parsing them.
    if (src[this.pos] === NULL[0]) return undefined;
    if (!this.value(0)) return undefined;
    // Text after the value is refused after a number and ignored after anything else: the general path says which.
    this.skipWs();
    if (this.pos < this.end) return undefined;
    if (this.rootEnd < 0) {
      // A string, number or literal: copied from where it was written.
      const from = this.spanFrom[0] === FROM_INPUT ? src : this.scratch;
      const length = (this.spanEnd[0] as number) - (this.spanStart[0] as number);
      this.reserveAnswer(length);
      this.answers.set(from.subarray(this.spanStart[0], this.spanEnd[0]), this.answersUsed);
      this.rootStart = this.answersUsed;
      this.rootEnd = this.answersUsed + length;
    }
    // Only an answer given takes its room in the chunk: one given up on is written over by the next.
    this.answersUsed = this.rootEnd;
    return { bytes: this.answers, start: this.rootStart, end: this.rootEnd };
  }

  private reserveAnswer(size: number): void {
    if (this.answersUsed + size <= this.answers.length) return;
    // The chunk stays with the answers cut from it; the next ones go to a new one.
    this.answers = Buffer.allocUnsafe(Math.max(ANSWER_CHUNK, size));
    this.answersView = viewOf(this.answers);
    this.answersUsed = 0;
  }

  private skipWs(): void {
    const src = this.src;
    while (this.pos < this.end && isWs(src[this.pos] as number)) this.pos++;
  }

  private pushSpan(from: number, start: number, end: number): void {
    if (this.spans === this.spanStart.length) this.growSpans();
    this.spanFrom[this.spans] = from;
    this.spanStart[this.spans] = start;
    this.spanEnd[this.spans] = end;
    this.spans++;
  }

  private growSpans(): void {
    const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.spanFrom = grow(this.spanFrom, (n) => new Uint8Array(n));
    this.spanStart = grow(this.spanStart, (n) => new Int32Array(n));
    this.spanEnd = grow(this.spanEnd, (n) => new Int32Array(n));
    this.keyStart = grow(this.keyStart, (n) => new Int32Array(n));
    this.keyEnd = grow(this.keyEnd, (n) => new Int32Array(n));
  }

  private reserveScratch(extra: number): void {
    const needed = this.scratchUsed + extra;
    if (needed <= this.scratch.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.scratch.length * 2));
    this.scratch.copy(grown, 0, 0, this.scratchUsed);
    this.setScratch(grown);
  }

  private setScratch(buffer: Buffer): void {
    this.scratch = buffer;
    this.scratchView = viewOf(buffer);
  }

  private writeAsciiToScratch(text: string): void {
    this.reserveScratch(text.length);
    const start = this.scratchUsed;
    for (let k = 0; k < text.length; k++) this.scratch[start + k] = text.charCodeAt(k);
    this.scratchUsed += text.length;
    this.pushSpan(FROM_SCRATCH, start, this.scratchUsed);
  }

  /** Reads one value and pushes the span of its output. */
  private value(depth: number): boolean {
    this.skipWs();
    if (this.pos >= this.end) return false;
    const c = this.src[this.pos] as number;
    if (c === QUOTE) return this.string();
    if (c === 0x7b) return depth < MAX_DEPTH && this.object(depth);
    if (c === 0x5b) return depth < MAX_DEPTH && this.array(depth);
    if (c === 0x2d || isDigit(c)) return this.number();
    if (c === TRUE[0]) return this.literal(TRUE);
    if (c === FALSE[0]) return this.literal(FALSE);
    if (c === NULL[0]) return this.literal(NULL);
    return false;
  }

  private literal(word: readonly number[]): boolean {
    const src = this.src;
    const start = this.pos;
    if (start + word.length > this.end) return false;
    for (let k = 0; k < word.length; k++) if (src[start + k] !== word[k]) return false;
    const after = start + word.length;
    if (after < this.end && !endsValue(src[after] as number)) return false;
    this.pos = after;
    this.pushSpan(FROM_INPUT, start, after);
    return true;
  }

  private string(): boolean {
    const src = this.src;
    const start = this.pos + 1;
    let plain = true;
    let i = start;
    for (;;) {
      if (i >= this.end) return false;
      const kind = IN_STRING[src[i] as number];
      if (kind === IN_STRING_AS_IS) {
        i++;
      } else if (kind === IN_STRING_QUOTE) {
        break;
      } else if (kind === IN_STRING_BACKSLASH) {
        plain = false;
        i += 2;
      } else if (kind === IN_STRING_ASTRAL) {
        plain = false;
        i++;
      } else {
        return false;
      }
    }
    this.pos = i + 1;
    if (plain) {
      this.pushSpan(FROM_INPUT, start - 1, i + 1);
      return true;
    }
    return this.rewriteString(start, i);
  }

  /** A string whose output differs from its input: unescaped, then escaped again as Jackson's generator does. */
  private rewriteString(start: number, end: number): boolean {
    const src = this.src;
    // No input byte needs more than three output bytes: a 4-byte character becomes two 6-byte escapes.
    this.reserveScratch((end - start) * 3 + 2);
    const out = this.scratch;
    const from = this.scratchUsed;
    let at = from;
    out[at++] = QUOTE;
    let i = start;
    while (i < end) {
      const c = src[i] as number;
      if (c === BACKSLASH) {
        const e = src[i + 1] as number;
        i += 2;
        if (e === QUOTE || e === BACKSLASH) at = writeShortEscape(out, at, e);
        else if (e === 0x2f) out[at++] = 0x2f;
        else if (e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) at = writeShortEscape(out, at, e);
        else if (e === 0x75) {
          if (i + 4 > end) return false;
          let unit = 0;
          for (let k = 0; k < 4; k++) {
            const digit = hexValue(src[i + k] as number);
            if (digit < 0) return false;
            unit = unit * 16 + digit;
          }
          i += 4;
          at = writeUnit(out, at, unit);
        } else return false;
      } else if (c >= 0xf0) {
        const point =
          ((c & 0x07) << 18) |
          (((src[i + 1] as number) & 0x3f) << 12) |
          (((src[i + 2] as number) & 0x3f) << 6) |
          ((src[i + 3] as number) & 0x3f);
        i += 4;
        at = writeUnitEscape(out, at, 0xd800 + ((point - 0x10000) >> 10));
        at = writeUnitEscape(out, at, 0xdc00 + ((point - 0x10000) & 0x3ff));
      } else {
        out[at++] = c;
        i++;
      }
    }
    out[at++] = QUOTE;
    this.scratchUsed = at;
    this.pushSpan(FROM_SCRATCH, from, at);
    return true;
  }

  private number(): boolean {
    const src = this.src;
    const start = this.pos;
    let i = start;
    if (src[i] === 0x2d) i++;
    const intStart = i;
    while (i < this.end && isDigit(src[i] as number)) i++;
    const intDigits = i - intStart;
    if (intDigits === 0) return false;
    const leadingZero = src[intStart] === 0x30 && intDigits > 1;
    if (leadingZero && !this.options.allowLeadingZeros) return false;
    let floating = false;
    if (i < this.end && src[i] === 0x2e) {
      i++;
      const fraction = i;
      while (i < this.end && isDigit(src[i] as number)) i++;
      if (i === fraction) return false;
      floating = true;
    }
    if (i < this.end && (src[i] === 0x65 || src[i] === 0x45)) {
      i++;
      if (i < this.end && (src[i] === 0x2b || src[i] === 0x2d)) i++;
      const exponent = i;
      while (i < this.end && isDigit(src[i] as number)) i++;
      if (i === exponent) return false;
      floating = true;
    }
    this.pos = i;
    // Up to 18 digits always fit a long; `-0` and leading zeros are written otherwise.
    const negativeZero = intStart > start && intDigits === 1 && src[intStart] === 0x30;
    if (!floating && intDigits <= 18 && !leadingZero && !negativeZero) {
      this.pushSpan(FROM_INPUT, start, i);
      return true;
    }
    let token = "";
    for (let k = start; k < i; k++) token += String.fromCharCode(src[k] as number);
    this.writeAsciiToScratch(floating ? writeJackson(javaDoubleFromToken(token)) : javaLongFromToken(token).toString());
    return true;
  }

  private array(depth: number): boolean {
    const src = this.src;
    this.pos++;
    const first = this.spans;
    this.skipWs();
    if (this.pos < this.end && src[this.pos] === 0x5d) {
      this.pos++;
      return this.writeContainer(depth, first, undefined, 0x5b, 0x5d);
    }
    for (;;) {
      if (!this.value(depth + 1)) return false;
      this.skipWs();
      if (this.pos >= this.end) return false;
      const c = src[this.pos];
      this.pos++;
      if (c === 0x2c) continue;
      if (c === 0x5d) return this.writeContainer(depth, first, undefined, 0x5b, 0x5d);
      return false;
    }
  }

  private object(depth: number): boolean {
    const src = this.src;
    this.pos++;
    const first = this.spans;
    this.skipWs();
    if (this.pos < this.end && src[this.pos] === 0x7d) {
      this.pos++;
      return this.writeContainer(depth, first, undefined, 0x7b, 0x7d);
    }
    let hash = FNV_BASIS;
    for (;;) {
      this.skipWs();
      if (this.pos >= this.end || src[this.pos] !== QUOTE) return false;
      const keyStart = this.pos + 1;
      let i = keyStart;
      for (;;) {
        if (i >= this.end) return false;
        const c = src[i] as number;
        if (c === QUOTE) break;
        if (c < 0x20) return false;
        i += c === BACKSLASH ? 2 : 1;
      }
      // A key list's hash only picks the shapes to compare its keys with: its length and ends will do.
      const length = i - keyStart;
      const ends = length === 0 ? 0 : ((src[keyStart] as number) << 8) | (src[i - 1] as number);
      hash = Math.imul(hash ^ ((length << 16) | ends), FNV_PRIME);
      this.pos = i + 1;
      this.skipWs();
      if (this.pos >= this.end || src[this.pos] !== 0x3a) return false;
      this.pos++;
      const slot = this.spans;
      if (!this.value(depth + 1)) return false;
      // Set after the value: reading it may have grown the arrays.
      this.keyStart[slot] = keyStart;
      this.keyEnd[slot] = i;
      this.skipWs();
      if (this.pos >= this.end) return false;
      const c = src[this.pos];
      this.pos++;
      if (c === 0x2c) continue;
      if (c !== 0x7d) return false;
      const shape = this.shapes.find(hash, {
        src,
        starts: this.keyStart,
        ends: this.keyEnd,
        from: first,
        count: this.spans - first,
      });
      if (shape === undefined) return false;
      return this.writeContainer(depth, first, shape, 0x7b, 0x7d);
    }
  }

  /**
   * Writes a container from the spans of its members (`first` on), in its shape's order for an object, and puts
   * its own span in their place. The root container goes straight into the answers' chunk.
   */
  private writeContainer(
    depth: number,
    first: number,
    shape: ObjectShape | undefined,
    open: number,
    close: number,
  ): boolean {
    const count = shape ? shape.sources.length : this.spans - first;
    let size = 2 + (shape ? (shape.prefixEnds[count - 1] ?? 0) : Math.max(0, count - 1));
    for (let j = 0; j < count; j++) {
      const s = first + (shape ? (shape.sources[j] as number) : j);
      size += (this.spanEnd[s] as number) - (this.spanStart[s] as number);
    }
    let out: DataView;
    let at: number;
    if (depth === 0) {
      this.reserveAnswer(size);
      out = this.answersView;
      at = this.answersUsed;
    } else {
      this.reserveScratch(size);
      out = this.scratchView;
      at = this.scratchUsed;
    }
    const from = at;
    const scratch = this.scratchView;
    out.setUint8(at++, open);
    let prefixStart = 0;
    for (let j = 0; j < count; j++) {
      let s = first + j;
      if (shape) {
        const prefixEnd = shape.prefixEnds[j] as number;
        at = copy(shape.prefixes, prefixStart, prefixEnd, out, at);
        prefixStart = prefixEnd;
        s = first + (shape.sources[j] as number);
      } else if (j > 0) {
        out.setUint8(at++, 0x2c);
      }
      const source = this.spanFrom[s] === FROM_INPUT ? this.srcView : scratch;
      at = copy(source, this.spanStart[s] as number, this.spanEnd[s] as number, out, at);
    }
    out.setUint8(at++, close);
    this.spans = first;
    if (depth === 0) {
      this.rootStart = from;
      this.rootEnd = at;
    } else {
      this.scratchUsed = at;
      this.pushSpan(FROM_SCRATCH, from, at);
    }
    return true;
  }
}
