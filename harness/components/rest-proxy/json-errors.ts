/**
 * The words the REST proxy answers a request body with when Jackson cannot read it. Three paths decide them:
 * - an entity Jersey reads (v2, v3 topics, the first token of a v3 produce stream) fails in the message body
 *   reader, and rest-utils' mappers (priority 1, ahead of jackson-jaxrs' own) answer 400 with Jackson's original
 *   message, without the location Jackson appends;
 * - a v3 produce stream element fails inside the `MappingIterator`, and `StreamingResponse` writes the first line
 *   of jackson-jaxrs' mapper text (message, then location on the next line) as one line of the stream;
 * - the iterator's own `hasNext()` fails (on the next element's first token, or skipping the rest of one that
 *   failed), which the proxy rewords as "Bad Request: Error processing message: …" and which ends the stream.
 */
import { javaTrim } from "../../java/jackson-binding.ts";
import { originalMessage, type JacksonParseError, type JacksonSource } from "../../java/jackson-parser.ts";

/**
 * The stream Jersey 2.36 hands a message body reader; jackson-jaxrs' `ProviderBase.readFrom` gives it to the
 * parser as it is, so Jackson's locations name this class.
 */
export const ENTITY_STREAM_CLASS =
  "org.glassfish.jersey.message.internal.ReaderInterceptorExecutor$UnCloseableInputStream";

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The request entity as a location names it; a UTF-8 byte-order mark Jackson skipped still counts in columns. */
export function entitySource(body: Uint8Array): JacksonSource {
  const bom = UTF8_BOM.every((b, i) => body[i] === b);
  return { description: `(${ENTITY_STREAM_CLASS})`, skippedBytes: bom ? UTF8_BOM.length : 0 };
}

// rest-utils' JsonMappingExceptionMapper keeps what comes before this, to hide the source it quotes.
const SOURCE_SPLITTER = "(for Object starting at";

/**
 * A bean deserializer reads each member's value inside a handler that wraps any failure in a
 * JsonMappingException, so a failure inside a container nested in the root object reaches rest-utils'
 * JsonMappingExceptionMapper, which cuts the message; one at the root object's own level stays a
 * JsonParseException, answered whole. (A member the entity does not bind is read without the wrapper; the
 * proxy's entities are taken to bind the members a body names.)
 */
function wrappedByBinding(error: JacksonParseError): boolean {
  return error.open.length >= 2 && error.open[0]?.kind === "Object";
}

/** The 400 message for an entity Jersey failed to read. */
export function entityParseMessage(text: string, error: JacksonParseError, source: JacksonSource): string {
  const message = originalMessage(text, error, source);
  return wrappedByBinding(error) ? javaTrim(message.split(SOURCE_SPLITTER)[0] ?? "") : message;
}

/** What `StreamingResponse` keeps of any error it writes into the stream: the first line, trimmed. */
export function streamedMessage(message: string): string {
  return javaTrim(message.split("\n")[0] ?? "");
}

/** The message of an element's parse failure in a v3 produce stream (its code is 400). */
export function elementParseMessage(text: string, error: JacksonParseError, source: JacksonSource): string {
  return streamedMessage(originalMessage(text, error, source));
}

/** The message of a failure of the iterator itself, looking for the next element (its code is 400). */
export function iteratorParseMessage(text: string, error: JacksonParseError, source: JacksonSource): string {
  return streamedMessage(`Bad Request: Error processing message: ${originalMessage(text, error, source)}`);
}
