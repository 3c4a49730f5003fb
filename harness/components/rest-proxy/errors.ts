import { jacksonQuote } from "../../java/json-escape.ts";
/**
 * The proxy's error responses: `{"error_code":N,"message":"..."}` with the status and exact wording clients
 * (and the pipeline's emulator) see from the real proxy. These are HTTP answers, not harness failures.
 */

export class RestError extends Error {
  override name = "RestError";
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }

  body(): string {
    return `{"error_code":${this.errorCode},"message":${jacksonQuote(this.message)}}`;
  }
}

/** A status with no entity at all (the real 406 for a non-JSON Accept). */
export class EmptyResponse extends Error {
  override name = "EmptyResponse";
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export const notFound = (): RestError => new RestError(404, 404, "HTTP 404 Not Found");
export const methodNotAllowed = (): RestError => new RestError(405, 405, "HTTP 405 Method Not Allowed");
export const unsupportedMediaType = (): RestError => new RestError(415, 415, "HTTP 415 Unsupported Media Type");
export const notAcceptable = (): RestError => new RestError(406, 406, "HTTP 406 Not Acceptable");
export const internalServerError = (): RestError => new RestError(500, 500, "Internal Server Error");

/** Jackson parse failures and shape mismatches. */
export const badRequest = (detail: string): RestError => new RestError(400, 400, detail);
/** The proxy's own BadRequestException, which prefixes the reason phrase. */
export const badRequestPrefixed = (detail: string): RestError => new RestError(400, 400, `Bad Request: ${detail}`);
/** Bean validation and unknown JSON properties. */
export const unprocessable = (detail: string): RestError => new RestError(422, 422, detail);
export const unrecognizedField = (name: string): RestError => unprocessable(`Unrecognized field: ${name}`);

export const topicNotFound = (): RestError =>
  new RestError(404, 40403, "This server does not host this topic-partition.");
export const partitionNotFound = (): RestError => new RestError(404, 40402, "Partition not found.");
export const consumerInstanceNotFound = (): RestError => new RestError(404, 40403, "Consumer instance not found.");
export const consumerAlreadyExists = (): RestError =>
  new RestError(409, 40902, "Consumer with specified consumer ID already exists in the specified consumer group.");
export const illegalState = (detail: string): RestError => new RestError(409, 40903, `Illegal state: ${detail}`);
export const formatMismatch = (): RestError =>
  new RestError(
    406,
    40601,
    "The requested embedded data format does not match the deserializer for this consumer instance",
  );
export const serializationError = (detail: string): RestError => new RestError(408, 40801, detail);
export const invalidConsumerConfigConstraint = (detail: string): RestError =>
  new RestError(422, 40001, `Invalid consumer configuration. It does not abide by the constraints: ${detail}`);
export const invalidConsumerConfig = (detail: string): RestError =>
  new RestError(422, 42204, `Invalid consumer configuration: ${detail}`);
export const keySchemaMissing = (): RestError =>
  new RestError(422, 42201, "Request includes keys but does not include key schema");
export const valueSchemaMissing = (): RestError =>
  new RestError(422, 42202, "Request includes values but does not include value schema");
export const schemaSerialization = (detail: string): RestError =>
  new RestError(422, 42207, `Error serializing message. ${detail}`);
export const rateLimited = (): RestError =>
  new RestError(429, 429, "Request rate limit exceeded: The rate limit of requests per second has been exceeded.");
export const topicExists = (topic: string): RestError => new RestError(400, 40002, `Topic '${topic}' already exists.`);
export const kafkaError = (detail: string): RestError => new RestError(500, 50002, `Kafka error: ${detail}`);
export const kafkaRetriable = (detail: string): RestError => new RestError(500, 50003, `Kafka error: ${detail}`);
export const brokerNotAvailable = (detail: string): RestError => new RestError(503, 50302, detail);
export const clusterNotFound = (id: string): RestError => new RestError(404, 404, `Cluster ${id} cannot be found.`);
export const payloadError = (detail: string): RestError => new RestError(422, 42206, `Payload error. ${detail}`);
