import { createS3Client } from "../runtime/s3-client.ts";
import { readJournal, type JournalEntry } from "../components/gateway/journal.ts";
import type { StackInfo } from "../stack-info.ts";
import { acknowledgements } from "./acks.ts";
import { partitionActivity, runStartMs, s3TimeResolutionMs } from "./activity.ts";
import { checkDelivery } from "./delivery.ts";
import { finding, FindingCode } from "./finding-codes.ts";
import { readTopicLog, type LogRecord } from "./kafka-log.ts";
import { readSinkObjects } from "./read-objects.ts";
import { refusalFindings } from "./refusals.ts";
import type { SinkLineEncoder } from "./sink-encoding.ts";
import { checkSourceRows } from "./source-rows.ts";
import { checkStreams } from "./check-streams.ts";
import { checkPartitionStructure, checkStructure, type StructureOptions } from "./structure.ts";
import type { CheckReport, Finding, PartitionReport } from "./types.ts";

export interface StackCheckOptions extends StructureOptions {
  info: StackInfo;
  /** The gateway's journal: what clients sent and were told. Without it, nothing is known of acks. */
  journalFile?: string;
  topicsDir?: string;
  /** The lines the sink writes for records (its format and converters); without it bytes are not compared. */
  expectedLines?: SinkLineEncoder;
  /** Compare each record with its source row in MySQL. */
  sourceRows?: boolean;
}

/**
 * Every check of a running stack: for each topic and partition, what the gateway journal says clients were
 * told, the Kafka log, and the S3 objects, followed record by record; then the same for each stream and shard.
 */
export async function checkStack(options: StackCheckOptions): Promise<CheckReport> {
  const { info } = options;
  const topicsDir = options.topicsDir ?? "topics";
  const client = createS3Client(info.s3);
  try {
    const journal: JournalEntry[] = options.journalFile ? await readJournal(options.journalFile).catch(() => []) : [];
    const { acks, refusals } = acknowledgements(journal, info.topics);
    const { objects, strays } = await readSinkObjects(client, info.s3.bucket, `${topicsDir}/`);
    const startMs = runStartMs([...journal.map((e) => e.time), ...objects.map((o) => o.lastModified)]);
    const s3ResolutionMs = s3TimeResolutionMs(objects);
    const partitions: PartitionReport[] = [];
    for (const topic of info.topics) {
      const log = await readTopicLog(info.kafka.bootstrapServers, topic);
      const topicAcks = acks.filter((a) => a.topic === topic);
      const topicRefusals = refusals.filter((r) => r.topic === topic);
      for (const [partition, records] of log) {
        // A topic's refusals name no partition: they are reported, and drawn, on its first one.
        const firstOfTopic = !partitions.some((p) => p.topic === topic);
        const own = objects.filter((o) => o.topic === topic && o.partition === partition);
        const partitionAcks = topicAcks.filter((a) => a.partition === partition);
        const report = checkPartitionStructure(topic, partition, own, options);
        const expected = options.expectedLines ? await options.expectedLines(records) : undefined;
        const expectedByOffset = new Map(records.map((r, i) => [r.offset, expected?.[i]]));
        const delivery = checkDelivery({
          objects: own,
          log: records,
          acks: partitionAcks,
          flushSize: options.flushSize,
          ...(expected && { expectedLine: (record: LogRecord) => expectedByOffset.get(record.offset) }),
        });
        report.findings.push(...delivery.findings);
        if (options.sourceRows !== false) {
          report.findings.push(...(await checkSourceRows(info.mysql, topic, partitionAcks)));
        }
        report.keys = own
          .map((o) => ({ key: o.key, startOffset: o.startOffset, records: o.lines.length }))
          .sort((a, b) => a.startOffset - b.startOffset);
        const keyOf = new Map(own.flatMap((o) => o.lines.map((_, i) => [o.startOffset + i, o.key] as const)));
        report.timeline = partitionAcks.map((ack) => ({
          time: ack.time,
          requestId: ack.requestId,
          offset: ack.offset,
          key: keyOf.get(ack.offset),
        }));
        report.kafkaRecords = records.length;
        report.acknowledged = partitionAcks.length;
        report.pending = delivery.pending;
        if (startMs !== undefined) {
          const shown = firstOfTopic ? topicRefusals : [];
          report.activity = partitionActivity({
            acks: partitionAcks,
            refusals: shown,
            objects: own,
            startMs,
            s3ResolutionMs,
          });
        }
        partitions.push(report);
      }
      const refused = refusalFindings(topicRefusals);
      if (refused.length > 0) {
        const first = partitions.find((p) => p.topic === topic);
        first?.findings.push(...refused);
      }
    }
    const foreign = objects.filter((o) => !info.topics.includes(o.topic));
    const findings: Finding[] = [
      ...refusalFindings(refusals.filter((r) => !info.topics.includes(r.topic))),
      ...strays,
      ...checkStructure(foreign, options).map((p) =>
        finding(FindingCode.OtherTopic, {
          message: `${p.objects} object(s) of a topic that is not the user's`,
          where: `${p.topic} partition ${p.partition}`,
        }),
      ),
    ];
    // A stack recorded by an older pinpipe (`pinpipe check` on it) has no streaming half to read.
    const streams = info.kinesis ? await checkStreams({ info, journal, sourceRows: options.sourceRows }) : undefined;
    if (streams) findings.push(...streams.findings);
    const ok = [
      ...partitions.flatMap((p) => p.findings),
      ...(streams?.shards ?? []).flatMap((s) => s.findings),
      ...findings,
    ].every((f) => f.severity !== "error");
    return {
      ok,
      bucket: info.s3.bucket,
      prefix: `${topicsDir}/`,
      partitions,
      ...(streams && { streams: streams.shards }),
      findings,
      ...(startMs === undefined
        ? {}
        : { runStart: new Date(startMs).toISOString(), s3TimeResolutionMs: s3ResolutionMs }),
    };
  } finally {
    client.destroy();
  }
}
