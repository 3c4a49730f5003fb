// The hourly-partitioning case of the sink checklist (§12), shared by the unit and conformance specs: connector
// settings and record timestamps on both sides of an hour boundary.
export const HOURLY = {
  "partitioner.class": "io.confluent.connect.storage.partitioner.HourlyPartitioner",
  locale: "en",
  timezone: "UTC",
  "timestamp.extractor": "Record",
};
export const T1325 = Date.UTC(2024, 0, 5, 13, 25, 17);
export const T1400 = Date.UTC(2024, 0, 5, 14, 0, 0);
export const T1339 = Date.UTC(2024, 0, 5, 13, 39, 59);
