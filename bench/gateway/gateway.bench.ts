// Gateway overhead benchmark: requests/s and p50/p99 latency through the gateway versus straight to the REST
// proxy, in one run, over loopback only. Targets (issue 15): the gateway adds < 0.5 ms at p50 and, against a bare
// Node.js proxy in the same run, keeps >= 0.9 of its throughput at <= 1.2 times its CPU per request.
//
// By default the bench starts a Kafka broker and pinpipe's REST proxy of its own, with a topic that nothing
// consumes. The REST proxy, the gateway and a bare proxy (the least any Node.js proxy does: see bare-proxy.ts)
// each run in a process of their own; this process only generates load, with a lean client (bench/lib/raw-load.ts).
// The bare proxy's figure is the ceiling for any Node.js gateway on the machine, and each server's CPU time per
// request shows where the time goes. A second bare proxy sends API Gateway's headers both ways and, when the
// gateway logs, writes log lines of the same size (bare-proxy.ts --wire, --logs): the floor for the work the
// gateway cannot leave out, reported beside the targets.
//
// Run: npx tsx bench/gateway/gateway.bench.ts [--seconds 2] [--rounds 3] [--connections 32] [--no-logs] [--json]
//      [--stub | --target URL --topic TOPIC] [--isolate]
// --stub puts a loopback stand-in (upstream.ts) behind the gateway instead of the REST proxy; --target uses a
// REST proxy that is already running, posting to --topic, which must exist there.
// --isolate (Linux, needs taskset) gives the gateway and the bare proxy CPU 1 to themselves and keeps everything
// else on CPU 0, in both phases: the topology of AWS, where API Gateway never takes CPU from the REST proxy's host.
// Without it every process shares every core, and on a 2-core machine the gateway's CPU is taken from the REST
// proxy, the broker and the load generator.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { StartedKafka } from "../../harness/components/kafka/index.ts";
import { startNativeKafka } from "../../harness/components/kafka/index.ts";
import { config } from "../../harness/config.ts";
import type { BenchChild } from "../lib/children.ts";
import { cpuSeconds, startChild, stopChildren } from "../lib/children.ts";
import type { LoadResult } from "../lib/raw-load.ts";
import { runLoad } from "../lib/raw-load.ts";

const { values } = parseArgs({
  options: {
    target: { type: "string" },
    topic: { type: "string" },
    stub: { type: "boolean", default: false },
    seconds: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
    "no-logs": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    isolate: { type: "boolean", default: false },
    // Set by --isolate on the copy of this bench it starts on CPU 0.
    pinned: { type: "boolean", default: false },
  },
});
if (values.isolate && !values.pinned) {
  // Everything this bench starts inherits CPU 0; the gateway and the bare proxy are moved to CPU 1 once started.
  const pinned = spawnSync(
    "taskset",
    [
      "-c",
      "0",
      process.execPath,
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
      "--pinned",
    ],
    { stdio: "inherit" },
  );
  if (pinned.error) throw new Error(`--isolate needs taskset (util-linux): ${pinned.error.message}`);
  process.exit(pinned.status ?? 1);
}
if (values.target !== undefined && values.topic === undefined) {
  // A missing topic makes every call wait out the metadata timeout and measures nothing.
  throw new Error("--target needs --topic: a topic that exists on that REST proxy's cluster");
}
// Bounded: a few seconds per phase and a capped number of connections, whatever is asked.
const seconds = Math.min(Math.max(Number(values.seconds), 1), 30);
const connections = Math.min(Math.max(Number(values.connections), 1), 128);
const rounds = Math.min(Math.max(Number(values.rounds), 1), 5);
const topic = values.topic ?? "bench.pin";

// One record as the reference emulator posts it.
const body = JSON.stringify({
  records: [
    {
      value: {
        index: 7528,
        unique_id: "fbe53c66-3442-4773-b19e-d3ec6f54dddf",
        title: "No Title Data Available",
        description: "No description available Story format",
        follower_count: "User Info Error",
        tag_list: "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e",
        is_image_or_video: "multi-video(story page format)",
        image_src: "Image src error.",
        downloaded: 0,
        save_location: "Local save in /data/mens-fashion",
        category: "mens-fashion",
      },
    },
  ],
});
const load = (base: string, width: number, ms: number): Promise<LoadResult> =>
  runLoad({ base, path: `/topics/${topic}`, contentType: "application/vnd.kafka.json.v2+json", body }, width, ms);

interface Sample extends LoadResult {
  /** CPU µs per request of the server in front (the one the load hits), when it is a child of this bench. */
  cpuUsPerRequest?: number;
  /** CPU µs per request of the REST proxy (or stub) behind it, when it is a child of this bench. */
  upstreamCpuUsPerRequest?: number;
}

/** Runs one load phase and charges each child's CPU time over it to the requests served. */
async function measured(base: string, width: number, front?: BenchChild, upstream?: BenchChild): Promise<Sample> {
  const pids = [front?.child.pid, upstream?.child.pid];
  const before = pids.map(cpuSeconds);
  const result = await load(base, width, seconds * 1000);
  const [frontCpu, upstreamCpu] = pids.map((pid, index) => {
    const [was, now] = [before[index], cpuSeconds(pid)];
    if (was === undefined || now === undefined || result.requests === 0) return undefined;
    return Math.round(((now - was) * 1e6) / result.requests);
  });
  return {
    ...result,
    ...(frontCpu !== undefined && { cpuUsPerRequest: frontCpu }),
    ...(upstreamCpu !== undefined && { upstreamCpuUsPerRequest: upstreamCpu }),
  };
}

function median(samples: Sample[], by: "rps" | "p50"): Sample {
  const sorted = [...samples].sort((a, b) => a[by] - b[by]);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function startUpstream(): Promise<{ url: string; child?: BenchChild; kafka?: StartedKafka; dir?: string }> {
  if (values.target !== undefined) return { url: values.target };
  if (values.stub) {
    const stub = await startChild(new URL("./upstream.ts", import.meta.url), []);
    return { url: stub.info.url, child: stub };
  }
  const dir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-bench-"));
  const kafka = await startNativeKafka({
    stackDir: dir,
    logDir: join(dir, "logs"),
    cacheDir: config().cacheDir,
    topics: [topic],
  });
  const proxy = await startChild(new URL("../lib/serve-rest-proxy.ts", import.meta.url), [kafka.bootstrapServers]);
  return { url: proxy.info.url, child: proxy, kafka, dir };
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopChildren();
    process.exit(130);
  });
}

const upstream = await startUpstream();
try {
  const [gateway, bare, floor] = await Promise.all([
    startChild(new URL("./serve-gateway.ts", import.meta.url), [
      upstream.url,
      ...(values["no-logs"] ? ["--no-logs"] : []),
    ]),
    startChild(new URL("./bare-proxy.ts", import.meta.url), [upstream.url]),
    startChild(new URL("./bare-proxy.ts", import.meta.url), [upstream.url, values["no-logs"] ? "--wire" : "--logs"]),
  ]);
  if (values.isolate) {
    // -a moves every thread: Node's are already running by the time the child has printed its URL.
    for (const pid of [gateway.child.pid, bare.child.pid, floor.child.pid])
      execFileSync("taskset", ["-a", "-p", "-c", "1", String(pid)]);
  }

  // Warm every path (JIT, pooled connections, the producer's metadata) before anything is measured.
  for (const base of [upstream.url, gateway.info.url, bare.info.url, floor.info.url]) {
    await load(base, connections, 1000);
  }

  // Phases alternate over several rounds and the median round counts, so a burst of load from elsewhere on the
  // machine skews one sample rather than one side of the comparison.
  const samples = {
    serialDirect: [] as Sample[],
    serialGateway: [] as Sample[],
    serialBare: [] as Sample[],
    serialFloor: [] as Sample[],
  };
  const wide = { direct: [] as Sample[], gateway: [] as Sample[], bare: [] as Sample[], floor: [] as Sample[] };
  for (let round = 0; round < rounds; round += 1) {
    // One connection, one request at a time: the latency the gateway adds to each call.
    samples.serialDirect.push(await measured(upstream.url, 1));
    samples.serialGateway.push(await measured(gateway.info.url, 1));
    samples.serialBare.push(await measured(bare.info.url, 1));
    samples.serialFloor.push(await measured(floor.info.url, 1));
    // Many connections: the throughput the gateway keeps, and what a proxy that does nothing would keep.
    wide.direct.push(await measured(upstream.url, connections, upstream.child));
    wide.gateway.push(await measured(gateway.info.url, connections, gateway, upstream.child));
    wide.bare.push(await measured(bare.info.url, connections, bare, upstream.child));
    wide.floor.push(await measured(floor.info.url, connections, floor, upstream.child));
  }
  const serial = {
    direct: median(samples.serialDirect, "p50"),
    gateway: median(samples.serialGateway, "p50"),
    bare: median(samples.serialBare, "p50"),
    floor: median(samples.serialFloor, "p50"),
  };
  const concurrent = {
    direct: median(wide.direct, "rps"),
    gateway: median(wide.gateway, "rps"),
    bare: median(wide.bare, "rps"),
    floor: median(wide.floor, "rps"),
  };
  const addedP50 = Number((serial.gateway.p50 - serial.direct.p50).toFixed(3));
  const bareAddedP50 = Number((serial.bare.p50 - serial.direct.p50).toFixed(3));
  const floorAddedP50 = Number((serial.floor.p50 - serial.direct.p50).toFixed(3));
  const throughputRatio = Number((concurrent.gateway.rps / concurrent.direct.rps).toFixed(3));
  const bareRatio = Number((concurrent.bare.rps / concurrent.direct.rps).toFixed(3));
  const failed = [serial.direct, serial.gateway, concurrent.direct, concurrent.gateway].some((r) => r.errors > 0);
  // Issue 15's targets: the bare proxy in the same run is the floor any Node.js proxy has on this machine.
  const ofBare = Number((concurrent.gateway.rps / concurrent.bare.rps).toFixed(3));
  const cpuOfBare =
    concurrent.gateway.cpuUsPerRequest === undefined || concurrent.bare.cpuUsPerRequest === undefined
      ? undefined
      : Number((concurrent.gateway.cpuUsPerRequest / concurrent.bare.cpuUsPerRequest).toFixed(2));
  // Beside the targets: the gateway against the least a proxy does that sends API Gateway's headers (and, with
  // logs on, writes lines of the same size), which is the floor for the gateway's own work.
  const ofFloor = Number((concurrent.gateway.rps / concurrent.floor.rps).toFixed(3));
  const cpuOfFloor =
    concurrent.gateway.cpuUsPerRequest === undefined || concurrent.floor.cpuUsPerRequest === undefined
      ? undefined
      : Number((concurrent.gateway.cpuUsPerRequest / concurrent.floor.cpuUsPerRequest).toFixed(2));
  const targets = [
    { figure: "added p50, 1 conn (ms)", value: addedP50, target: "< 0.5", meets: addedP50 < 0.5 },
    { figure: `throughput ÷ bare proxy, ${connections} conns`, value: ofBare, target: ">= 0.9", meets: ofBare >= 0.9 },
    {
      figure: "CPU per request ÷ bare proxy",
      value: cpuOfBare,
      target: "<= 1.2",
      meets: cpuOfBare !== undefined && cpuOfBare <= 1.2,
    },
  ];
  const summary = {
    upstream: values.target ?? (values.stub ? "loopback stub" : "REST proxy + Kafka broker, started by the bench"),
    logs: !values["no-logs"],
    cores: values.isolate ? "gateway on a core of its own" : "shared",
    seconds,
    rounds,
    connections,
    serial,
    concurrent,
    addedP50Ms: addedP50,
    throughputRatio,
    bareProxyRatio: bareRatio,
    gatewayOfBare: ofBare,
    cpuOfBare,
    bareAddedP50Ms: bareAddedP50,
    floorAddedP50Ms: floorAddedP50,
    gatewayOfFloor: ofFloor,
    cpuOfFloor,
    targets,
    // Figures from failed calls measure nothing: any error misses the targets.
    meetsTarget: targets.every((t) => t.meets) && !failed,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const cpu = (us: number | undefined): string => (us === undefined ? "" : `  ${us} µs CPU/req`);
    const row = (name: string, result: Sample): string =>
      `${name.padEnd(27)} ${String(result.rps).padStart(7)} req/s  p50 ${result.p50.toFixed(3).padStart(7)} ms  ` +
      `p99 ${result.p99.toFixed(3).padStart(7)} ms  ${String(result.errors).padStart(3)} errors` +
      cpu(result.cpuUsPerRequest) +
      (result.upstreamCpuUsPerRequest === undefined ? "" : ` (+ upstream ${result.upstreamCpuUsPerRequest})`);
    process.stdout.write(
      [
        `gateway bench: ${summary.upstream}; ${rounds} rounds of ${seconds} s phases, median round shown; ` +
          `gateway logs ${summary.logs ? "on" : "off"}; cores ${summary.cores}`,
        row("direct, 1 conn", serial.direct),
        row("gateway, 1 conn", serial.gateway),
        row("bare proxy, 1 conn", serial.bare),
        row(`bare + wire${summary.logs ? " + logs" : ""}, 1 conn`, serial.floor),
        row(`direct, ${connections} conns`, concurrent.direct),
        row(`gateway, ${connections} conns`, concurrent.gateway),
        row(`bare proxy, ${connections} conns`, concurrent.bare),
        row(`bare + wire${summary.logs ? " + logs" : ""}, ${connections} conns`, concurrent.floor),
        `throughput kept (${connections} conns): gateway ${(throughputRatio * 100).toFixed(1)}% of direct, ` +
          `a bare Node proxy ${(bareRatio * 100).toFixed(1)}%`,
        `against a bare proxy with API Gateway's headers${summary.logs ? " and logs" : ""}: throughput ` +
          `${ofFloor}, CPU per request ${cpuOfFloor ?? "n/a"}`,
        `added p50, 1 conn: gateway ${addedP50} ms, bare proxy ${bareAddedP50} ms, ` +
          `bare + wire${summary.logs ? " + logs" : ""} ${floorAddedP50} ms`,
        ...targets.map(
          (t) =>
            `${t.figure.padEnd(40)} ${String(t.value ?? "n/a").padStart(7)}   target ${t.target}: ` +
            (t.meets && !failed ? "meets" : "MISSES"),
        ),
      ].join("\n") + "\n",
    );
  }
} finally {
  stopChildren();
  await upstream.kafka?.stop();
  if (upstream.dir !== undefined) rmSync(upstream.dir, { recursive: true, force: true });
}
