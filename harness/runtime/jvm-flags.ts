/**
 * JVM flags for S3Proxy and the oracle: short-lived processes on a small machine, where start-up CPU is what every
 * run pays. A single Kafka broker takes them too; a cluster keeps its start scripts' flags (see kafka/properties.ts).
 *
 * - `TieredStopAtLevel=1`: the client compiler only. C2's optimising compiles pay off in long runs; in a run of
 *   seconds they take CPU from everything else on two cores (measured: Kafka's CPU for a 9-record run went from
 *   3.2–4.3 s to 2.3–2.4 s with this and the serial collector, and Kafka alone was ready no later).
 * - `UseSerialGC`: heaps of a few hundred MiB, where G1's concurrent threads cost more than they save.
 */
export const SHORT_LIVED_JVM_FLAGS: readonly string[] = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];
