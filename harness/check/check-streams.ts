import type { JournalEntry } from "../components/gateway/journal.ts";
import type { StackInfo } from "../stack-info.ts";
import { refusalFindings } from "./refusals.ts";
import { checkSourceValues, sourceKind, type SentValue } from "./source-rows.ts";
import { streamAcknowledgements } from "./stream-acks.ts";
import { checkShardDelivery } from "./stream-delivery.ts";
import { kinesisClient, readStream, type StreamContent } from "./stream-read.ts";
import type { Finding, StreamShardReport } from "./types.ts";

export interface StreamCheckOptions {
  info: Pick<StackInfo, "kinesis" | "mysql">;
  /** The gateway's journal: what clients sent to the streams and were told. */
  journal: readonly JournalEntry[];
  /** Compare each record's data with its source row in MySQL. */
  sourceRows?: boolean;
  /** How a stream is read; by default through the Kinesis API at `info.kinesis`. */
  read?: (stream: string) => Promise<StreamContent>;
}

export interface StreamCheck {
  shards: StreamShardReport[];
  /** Refusals for streams that have no shard to report them on (a stream that does not exist, say). */
  findings: Finding[];
}

/** A record's data as a consumer parses it: JSON when it is JSON, else the text itself (which is no row). */
function parseData(data: Buffer): unknown {
  const text = data.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The streaming half's checks: for each stream and shard, what the gateway journal says clients were told and
 * what a consumer reads back through the Kinesis API, record by record, and each record's data against its row in
 * MySQL. Undefined when the streaming half saw nothing at all, so that a run of the Kafka half alone reports as
 * it always did.
 */
export async function checkStreams(options: StreamCheckOptions): Promise<StreamCheck | undefined> {
  if (options.read) return checkWith(options, options.read);
  const client = kinesisClient(options.info.kinesis);
  try {
    return await checkWith(options, (stream) => readStream(client, stream));
  } finally {
    client.destroy();
  }
}

async function checkWith(
  options: StreamCheckOptions,
  read: (stream: string) => Promise<StreamContent>,
): Promise<StreamCheck | undefined> {
  const { info } = options;
  const { acks, refusals } = streamAcknowledgements(options.journal);
  // Streams an emulator made itself (the API has CreateStream) are checked beside the course's three.
  const names = [...new Set([...info.kinesis.streams, ...acks.map((ack) => ack.stream)])];
  const shards: StreamShardReport[] = [];
  const findings: Finding[] = [];
  for (const stream of names) {
    const content = await read(stream);
    const streamAcks = acks.filter((ack) => ack.stream === stream);
    const shardIds = [...new Set([...content.keys(), ...streamAcks.map((ack) => ack.shardId)])];
    const reports = await Promise.all(
      shardIds.map(async (shardId): Promise<StreamShardReport> => {
        const records = content.get(shardId) ?? [];
        const shardAcks = streamAcks.filter((ack) => ack.shardId === shardId);
        const delivery = checkShardDelivery({ acks: shardAcks, records });
        const sent: SentValue[] = delivery.found.map(({ ack, record }) => ({
          value: parseData(record.data),
          where: `sequence number ${ack.sequenceNumber}`,
        }));
        const rows = options.sourceRows === false ? [] : await checkSourceValues(info.mysql, sourceKind(stream), sent);
        return {
          stream,
          shardId,
          acknowledged: shardAcks.length,
          records: records.length,
          findings: [...delivery.findings, ...rows],
        };
      }),
    );
    // A refusal names no shard: it is reported on the stream's first one, as a topic's is on its first partition.
    const refused = refusalFindings(refusals.filter((refusal) => refusal.topic === stream));
    if (reports[0]) reports[0].findings.push(...refused);
    else findings.push(...refused);
    shards.push(...reports);
  }
  findings.push(...refusalFindings(refusals.filter((refusal) => !names.includes(refusal.topic))));
  const quiet = acks.length === 0 && refusals.length === 0 && shards.every((shard) => shard.records === 0);
  return quiet ? undefined : { shards, findings };
}
