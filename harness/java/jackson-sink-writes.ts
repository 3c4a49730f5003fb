/**
 * Where the S3 sink's JSON writer hands bytes to its gzip stream. JsonRecordWriterProvider writes each record with
 * `generator.writeObject(value)` and then `writeRaw(line separator)`, through one Jackson UTF8JsonGenerator per
 * file. The generator collects output in an 8000-byte buffer and writes that buffer to the stream when:
 * - `writeObject` ends: ObjectMapper flushes the generator after each value (FLUSH_AFTER_WRITE_VALUE, on by
 *   default), so a record's separator stays behind and goes out with the next record;
 * - a `null` value is the exception: it is written by the generator itself, with no flush after it;
 * - a write method finds too little room for what it may add (each has its own worst case, modelled below);
 * - the file is committed: the writer flushes what is left.
 * The lines of the body are what that generator wrote, so each line's tokens tell which write methods produced it.
 */

/** BufferRecycler's write-encoding buffer, the generator's output buffer. */
const BUFFER_END = 8000;
/** Strings go through the buffer in slices of at most this many chars (an eighth of the buffer). */
const MAX_CONTIGUOUS = BUFFER_END >> 3;
/** The most bytes one char of a string can take once escaped (`\uXXXX`), which the generator reserves. */
const MAX_BYTES_PER_CHAR = 6;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** The body is not JSON lines as the sink's generator writes them. */
class NotGeneratorOutput extends Error {
  override name = "NotGeneratorOutput";
}

/**
 * The generator's buffer, followed through the body: `pos` is how many bytes it has been given, which is also where
 * the next token starts, since its output is the body.
 */
class GeneratorModel {
  pos = 0;
  private flushedTo = 0;
  /** The body offsets where each write to the stream ends. */
  readonly writeEnds: number[] = [];

  constructor(private readonly body: Uint8Array) {}

  private get tail(): number {
    return this.pos - this.flushedTo;
  }

  flush(): void {
    if (this.pos > this.flushedTo) {
      this.writeEnds.push(this.pos);
      this.flushedTo = this.pos;
    }
  }

  private flushIf(full: boolean): void {
    if (full) this.flush();
  }

  private advance(count: number): void {
    this.pos += count;
    if (this.tail > BUFFER_END || this.pos > this.body.length) throw new NotGeneratorOutput("buffer overrun");
  }

  private at(offset = 0): number | undefined {
    return this.body[this.pos + offset];
  }

  private literal(text: string): void {
    for (let i = 0; i < text.length; i++) {
      if (this.at(i) !== text.charCodeAt(i)) throw new NotGeneratorOutput(`expected ${text}`);
    }
    this.advance(text.length);
  }

  /** One record's line: the value, the flush after it (unless null), then the line separator. */
  line(): void {
    if (this.at() === 0x6e) {
      this.flushIf(this.tail + 4 >= BUFFER_END);
      this.literal("null");
    } else {
      this.value();
      this.flush();
    }
    // writeRaw of a one-char String reserves three bytes for it.
    this.flushIf(this.tail + 3 > BUFFER_END);
    if (this.at() !== NEWLINE) throw new NotGeneratorOutput("expected the line separator");
    this.advance(1);
  }

  /** A comma or colon, written before the name or value it precedes and before that one's own room check. */
  private separator(): void {
    this.flushIf(this.tail >= BUFFER_END);
    this.advance(1);
  }

  private structural(): void {
    this.flushIf(this.tail >= BUFFER_END);
    this.advance(1);
  }

  private value(): void {
    const first = this.at();
    if (first === 0x7b) this.object();
    else if (first === 0x5b) this.array();
    else if (first === QUOTE) this.stringValue();
    else if (first === 0x74) {
      this.flushIf(this.tail + 5 >= BUFFER_END);
      this.literal("true");
    } else if (first === 0x66) {
      this.flushIf(this.tail + 5 >= BUFFER_END);
      this.literal("false");
    } else if (first === 0x6e) {
      this.flushIf(this.tail + 4 >= BUFFER_END);
      this.literal("null");
    } else if (first === 0x2d || (first !== undefined && first >= 0x30 && first <= 0x39)) this.number();
    else throw new NotGeneratorOutput("expected a value");
  }

  private object(): void {
    this.structural();
    if (this.at() === 0x7d) return this.structural();
    for (;;) {
      this.fieldName();
      if (this.at() !== 0x3a) throw new NotGeneratorOutput("expected a colon");
      this.separator();
      this.value();
      if (this.at() === 0x2c) this.separator();
      else if (this.at() === 0x7d) return this.structural();
      else throw new NotGeneratorOutput("expected a comma or the end of an object");
    }
  }

  private array(): void {
    this.structural();
    if (this.at() === 0x5d) return this.structural();
    for (;;) {
      this.value();
      if (this.at() === 0x2c) this.separator();
      else if (this.at() === 0x5d) return this.structural();
      else throw new NotGeneratorOutput("expected a comma or the end of an array");
    }
  }

  /** A Long goes through writeNumber(long), which reserves 21 bytes; a Double through writeRaw of its text. */
  private number(): void {
    let end = this.pos;
    let integral = true;
    for (;;) {
      const b = this.body[end];
      if (b === undefined) break;
      if (b === 0x2e || b === 0x45 || b === 0x65) integral = false;
      else if (!((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b)) break;
      end++;
    }
    const length = end - this.pos;
    this.flushIf(integral ? this.tail + 21 >= BUFFER_END : this.tail + 3 * length > BUFFER_END);
    this.advance(length);
  }

  private stringValue(): void {
    const chars = this.countChars();
    if (chars > MAX_CONTIGUOUS) return this.quotedSlices(chars);
    this.flushIf(this.tail + chars >= BUFFER_END);
    this.advance(1);
    this.slice(chars);
    this.closingQuote();
  }

  /**
   * A name longer than a slice goes out in slices whether or not it fits the generator's char buffer (4000
   * chars): both of writeFieldName's ways for it make the same room checks.
   */
  private fieldName(): void {
    if (this.at() !== QUOTE) throw new NotGeneratorOutput("expected a field name");
    const chars = this.countChars();
    if (chars > MAX_CONTIGUOUS) return this.quotedSlices(chars);
    this.flushIf(this.tail >= BUFFER_END);
    this.advance(1);
    this.flushIf(this.tail + chars > BUFFER_END);
    this.slice(chars);
    this.closingQuote();
  }

  private quotedSlices(chars: number): void {
    this.flushIf(this.tail >= BUFFER_END);
    this.advance(1);
    this.slices(chars);
    this.closingQuote();
  }

  private closingQuote(): void {
    if (this.at() !== QUOTE) throw new NotGeneratorOutput("expected the end of a string");
    this.flushIf(this.tail >= BUFFER_END);
    this.advance(1);
  }

  /** A long string in slices of at most MAX_CONTIGUOUS chars, each with room for it as plain ASCII first. */
  private slices(chars: number): void {
    for (let left = chars; left > 0;) {
      const length = Math.min(MAX_CONTIGUOUS, left);
      this.flushIf(this.tail + length > BUFFER_END);
      this.slice(length);
      left -= length;
    }
  }

  /**
   * `chars` chars of a string: plain ASCII goes in as is; at the first char that needs escaping or more than one
   * byte, the generator reserves the worst case for the rest of the slice.
   */
  private slice(chars: number): void {
    let done = 0;
    while (done < chars && this.plainAscii()) {
      this.advance(1);
      done++;
    }
    if (done === chars) return;
    this.flushIf(this.tail + MAX_BYTES_PER_CHAR * (chars - done) > BUFFER_END);
    for (; done < chars; done++) this.advance(this.charLength(this.pos));
  }

  private plainAscii(): boolean {
    const b = this.at();
    return b !== undefined && b < 0x80 && b !== BACKSLASH && b !== QUOTE;
  }

  /** Java chars between the quotes of the string that starts here. */
  private countChars(): number {
    let chars = 0;
    let at = this.pos + 1;
    while (this.body[at] !== QUOTE) {
      if (at >= this.body.length) throw new NotGeneratorOutput("unterminated string");
      at += this.charLength(at);
      chars++;
    }
    return chars;
  }

  /**
   * Bytes of the one Java char at `at`. The generator escapes every surrogate on its own (`\uD83D`), so no char
   * of its output takes four UTF-8 bytes.
   */
  private charLength(at: number): number {
    const b = this.body[at];
    if (b === undefined) throw new NotGeneratorOutput("unterminated string");
    if (b === BACKSLASH) return this.body[at + 1] === 0x75 ? 6 : 2;
    if (b < 0x80) return 1;
    if (b >= 0xc0 && b < 0xe0) return 2;
    if (b >= 0xe0 && b < 0xf0) return 3;
    throw new NotGeneratorOutput("a char the generator does not write");
  }
}

/**
 * The writes the sink's generator makes for a body of JSON lines, as slices of the body; undefined when the body
 * is not what that generator writes (such as the ByteArrayFormat's records).
 */
export function sinkJsonWrites(body: Uint8Array): Uint8Array[] | undefined {
  const model = new GeneratorModel(body);
  try {
    while (model.pos < body.length) model.line();
  } catch (error) {
    if (error instanceof NotGeneratorOutput) return undefined;
    throw error;
  }
  // Committing the file flushes the generator.
  model.flush();
  let start = 0;
  return model.writeEnds.map((end) => body.subarray(start, (start = end)));
}
