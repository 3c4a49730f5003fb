/**
 * Errors as Kinesis's JSON protocol returns them: a status, the exception's name in `__type` and, for most, a
 * `message`. The texts below are the service's own wording; a client or a test may match on them.
 */
export class KinesisError extends Error {
  constructor(
    readonly type: string,
    /** Absent for the protocol errors that Kinesis sends as a bare `{"__type": …}`. */
    readonly text: string | undefined,
    readonly status = 400,
    /**
     * The key the message goes under: `message` for the service's own exceptions, `Message` for the
     * SerializationException that its JSON reader throws on a value of the wrong type.
     */
    readonly messageKey: "message" | "Message" = "message",
  ) {
    super(text ?? type);
    this.name = "KinesisError";
  }

  /** The error body, `__type` first as Kinesis writes it. */
  body(): Record<string, string> {
    return this.text === undefined ? { __type: this.type } : { __type: this.type, [this.messageKey]: this.text };
  }
}

export const invalidArgument = (message: string): KinesisError => new KinesisError("InvalidArgumentException", message);

export const streamNotFound = (stream: string, account: string): KinesisError =>
  new KinesisError("ResourceNotFoundException", `Stream ${stream} under account ${account} not found.`);

export const streamInUse = (stream: string, account: string): KinesisError =>
  new KinesisError("ResourceInUseException", `Stream ${stream} under account ${account} already exists.`);

/** What GetShardIterator and GetRecords say when the stream or the shard is not there. */
export const shardNotFound = (shardId: string, stream: string, account: string): KinesisError =>
  new KinesisError(
    "ResourceNotFoundException",
    `Shard ${shardId} in stream ${stream} under account ${account} does not exist`,
  );

export const throughputExceeded = (shardId: string, stream: string, account: string): string =>
  `Rate exceeded for shard ${shardId} in stream ${stream} under account ${account}.`;

export const serializationError = (message?: string): KinesisError =>
  new KinesisError("SerializationException", message, 400, "Message");

export const unknownOperation = (message?: string): KinesisError =>
  new KinesisError("UnknownOperationException", message);
