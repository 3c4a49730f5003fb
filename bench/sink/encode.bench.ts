/**
 * The sink's own work per record, without a stack: the value converter (JsonConverter, schemas disabled) and the
 * partition writer (DefaultPartitioner, JsonFormat, flush.size=1000) on Pinterest-shaped records, with uploads
 * that cost nothing. What `sink.bench.ts` measures besides this is Kafka's fetches, S3's answers and the SDK.
 * Run: npx tsx bench/sink/encode.bench.ts [--records 150000] [--rounds 5] [--general]
 * (`--general` takes the converter's general path: parse into Java values, then write them.)
 */
import { makeConverter, JSON_CONVERTER, STRING_CONVERTER } from "../../harness/components/sink/converters.ts";
import { jsonFormat } from "../../harness/components/sink/format/json.ts";
import { parseJacksonValue } from "../../harness/components/sink/json/jackson-parse.ts";
import { PartitionWriter, type WriterSettings } from "../../harness/components/sink/partition-writer.ts";
import { buildPartitioner } from "../../harness/components/sink/partitioners/index.ts";
import type { SinkRecord } from "../../harness/components/sink/records.ts";
import { pinRecordJson } from "../lib/pin-record.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const records = arg("records", 150_000);
const rounds = arg("rounds", 5);
const generalPath = process.argv.includes("--general");
const batchSize = 2000;

const pin = (i: number): Buffer => Buffer.from(pinRecordJson(i));

const values = Array.from({ length: records }, (_, i) => pin(i));
const fast = makeConverter(JSON_CONVERTER, { "schemas.enable": "false" });
const valueConverter = generalPath
  ? (bytes: Buffer | null) => ({ value: bytes === null ? null : (parseJacksonValue(bytes) ?? null), schemaType: null })
  : fast;
const keyConverter = makeConverter(STRING_CONVERTER, {});
const settings: WriterSettings = {
  layout: { topicsDir: "topics", directoryDelim: "/", fileDelim: "+", padWidth: 10 },
  format: jsonFormat(),
  gzip: false,
  gzipLevel: -1,
  flushSize: 1000,
  rotateIntervalMs: -1,
  rotateScheduleIntervalMs: -1,
  zone: undefined,
  partitioner: buildPartitioner({}, "/"),
  storeKeys: undefined,
  storeHeaders: false,
};

for (let round = 0; round < rounds; round++) {
  let uploaded = 0;
  const writer = new PartitionWriter(
    "t",
    0,
    settings,
    { put: async (_k, b) => void (uploaded += b.length) },
    undefined,
    0,
  );
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let from = 0; from < records; from += batchSize) {
    const batch: SinkRecord[] = [];
    for (let i = from; i < Math.min(records, from + batchSize); i++) {
      const value = values[i] as Buffer;
      batch.push({
        raw: { topic: "t", partition: 0, offset: i, timestamp: 1_700_000_000_000 + i, key: null, value, headers: [] },
        key: keyConverter(null),
        value: valueConverter(value),
        headers: [],
      });
    }
    await writer.write(batch, Date.now());
  }
  const ms = performance.now() - t0;
  // CPU time too: on a machine others share, wall time says more about them than about this code.
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `round ${round}: ${((ms * 1000) / records).toFixed(2)} µs/record (CPU ${((cpu.user + cpu.system) / records).toFixed(2)}), ` +
      `${Math.round((records / ms) * 1000)} records/s, ${(uploaded / 1e6).toFixed(1)} MB`,
  );
}
