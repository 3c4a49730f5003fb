import type { AnswerValue } from "../answer-values.ts";
import { readMembers } from "../read-input.ts";
import type { KinesisService } from "../service.ts";
import { ACTION_MEMBERS, type ActionName } from "../shapes.ts";
import { validateMembers } from "../validation.ts";
import type { WireFormat } from "../wire-format.ts";
import { listShards } from "./list-shards.ts";
import { putRecord, putRecords } from "./put-records.ts";
import { getRecords, getShardIterator } from "./read-records.ts";
import { createStream, deleteStream, describeStream, describeStreamSummary, listStreams } from "./stream-actions.ts";

type Action = (service: KinesisService, input: Record<string, unknown>) => AnswerValue | undefined;

const ACTIONS: Record<ActionName, Action> = {
  CreateStream: createStream,
  DeleteStream: deleteStream,
  DescribeStream: describeStream,
  DescribeStreamSummary: describeStreamSummary,
  ListStreams: listStreams,
  ListShards: listShards,
  PutRecord: putRecord,
  PutRecords: putRecords,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
};

/**
 * Runs an action on a parsed request body (JSON or CBOR) in Kinesis's order: the reader's type checks, then the
 * model's constraints, then the action itself. Returns the response body, for the caller to write in the request's
 * format (undefined: an empty 200, as CreateStream and DeleteStream answer), or throws a KinesisError.
 */
export function runAction(
  service: KinesisService,
  action: ActionName,
  body: Record<string, unknown>,
  format: WireFormat,
): AnswerValue | undefined {
  const members = ACTION_MEMBERS[action];
  const input = readMembers(members, body, format);
  validateMembers(members, input);
  return ACTIONS[action](service, input);
}
