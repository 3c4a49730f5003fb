// Gateway overhead benchmark: requests/s and p50/p99 latency through the gateway versus straight to the upstream,
// in one run, over loopback only. The upstream and the gateway each run in their own process; this process only
// generates load. Target: the gateway adds < 1 ms at p50 and keeps >= 80% of the direct throughput.
// Run: npx tsx bench/gateway/gateway.bench.ts [--target URL] [--seconds 2] [--rounds 3] [--connections 32]
//      [--no-logs] [--json]. With --target, the upstream is that server (e.g. a running REST proxy) and the
// bench posts to /topics/<--topic, default bench.pin> on it.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Pool } from "undici";

const { values } = parseArgs({
  options: {
    target: { type: "string" },
    seconds: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
    "no-logs": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    // With --target: a topic that exists there (a missing one makes every call wait out the metadata timeout).
    topic: { type: "string", default: "bench.pin" },
  },
});
// Bounded: a few seconds per phase and a capped number of connections, whatever is asked.
const seconds = Math.min(Math.max(Number(values.seconds), 1), 30);
const connections = Math.min(Math.max(Number(values.connections), 1), 128);
const rounds = Math.min(Math.max(Number(values.rounds), 1), 5);
const topic = values.topic;
const payload = JSON.stringify({
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

function startChild(script: string, args: string[]): Promise<{ child: ChildProcess; info: { url: string } }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(script, import.meta.url)), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve({ child, info: JSON.parse(line) as { url: string } }));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

interface Result {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

function median(results: Result[], by: "rps" | "p50"): Result {
  const sorted = [...results].sort((a, b) => a[by] - b[by]);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? NaN;
}

/** `width` workers each sending one request after another for `durationMs`, on a keep-alive pool. */
async function load(base: string, width: number, durationMs: number): Promise<Result> {
  const url = new URL(base);
  const pool = new Pool(url.origin, { connections: width, pipelining: 1 });
  const path = `${url.pathname.replace(/\/$/, "")}/topics/${topic}`;
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const began = performance.now();
      const response = await pool.request({
        method: "POST",
        path,
        headers: { "content-type": "application/vnd.kafka.json.v2+json" },
        body: payload,
      });
      const body = Buffer.from(await response.body.arrayBuffer()).toString("utf8");
      // A 200 can still carry per-record errors: only a record with an offset counts as served.
      if (response.statusCode !== 200 || /"error_code":\d/.test(body)) errors += 1;
      latencies.push(performance.now() - began);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: width }, worker));
  const elapsed = (performance.now() - began) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: Math.round(latencies.length / elapsed),
    p50: Number(percentile(latencies, 0.5).toFixed(3)),
    p99: Number(percentile(latencies, 0.99).toFixed(3)),
  };
}

const children: ChildProcess[] = [];
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill("SIGTERM");
    process.exit(130);
  });
}
try {
  let upstream = values.target;
  if (upstream === undefined) {
    const started = await startChild("./upstream.ts", []);
    children.push(started.child);
    upstream = started.info.url;
  }
  const gateway = await startChild("./serve-gateway.ts", [upstream, ...(values["no-logs"] ? ["--no-logs"] : [])]);
  children.push(gateway.child);
  const gatewayUrl = gateway.info.url;

  // Warm both paths (JIT, pooled connections) before anything is measured.
  await load(upstream, connections, 1000);
  await load(gatewayUrl, connections, 1000);

  const phase = seconds * 1000;
  // Direct and gateway phases alternate over several rounds and the median round counts, so a burst of load from
  // elsewhere on the machine skews one sample rather than one side of the comparison.
  const samples = {
    serialDirect: [] as Result[],
    serialGateway: [] as Result[],
    direct: [] as Result[],
    gateway: [] as Result[],
  };
  for (let round = 0; round < rounds; round += 1) {
    // One connection, one request at a time: the latency the gateway adds to each call.
    samples.serialDirect.push(await load(upstream, 1, phase));
    samples.serialGateway.push(await load(gatewayUrl, 1, phase));
    // Many connections: the throughput the gateway keeps.
    samples.direct.push(await load(upstream, connections, phase));
    samples.gateway.push(await load(gatewayUrl, connections, phase));
  }
  const results = {
    serial: { direct: median(samples.serialDirect, "p50"), gateway: median(samples.serialGateway, "p50") },
    concurrent: { direct: median(samples.direct, "rps"), gateway: median(samples.gateway, "rps") },
  };
  const addedP50 = Number((results.serial.gateway.p50 - results.serial.direct.p50).toFixed(3));
  const throughputRatio = Number((results.concurrent.gateway.rps / results.concurrent.direct.rps).toFixed(3));
  const summary = {
    upstream: values.target === undefined ? "loopback stub" : upstream,
    logs: !values["no-logs"],
    seconds,
    rounds,
    connections,
    ...results,
    addedP50Ms: addedP50,
    throughputRatio,
    // Figures from failed calls measure nothing: any error misses the target.
    meetsTarget:
      addedP50 < 1 &&
      throughputRatio >= 0.8 &&
      [results.serial, results.concurrent].every((r) => r.direct.errors === 0 && r.gateway.errors === 0),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    const row = (name: string, result: Result): string =>
      `${name.padEnd(22)} ${String(result.rps).padStart(8)} req/s   p50 ${result.p50.toFixed(3).padStart(7)} ms   ` +
      `p99 ${result.p99.toFixed(3).padStart(7)} ms   (${result.requests} requests, ${result.errors} errors)`;
    process.stdout.write(
      [
        `gateway bench: ${summary.upstream}, ${rounds} rounds of ${seconds}s phases (median round shown), ` +
          `logs ${summary.logs ? "on" : "off"}`,
        row("direct, 1 conn", results.serial.direct),
        row("gateway, 1 conn", results.serial.gateway),
        row(`direct, ${connections} conns`, results.concurrent.direct),
        row(`gateway, ${connections} conns`, results.concurrent.gateway),
        `added p50 (1 conn): ${addedP50} ms (target < 1)   throughput kept (${connections} conns): ` +
          `${(throughputRatio * 100).toFixed(1)}% (target >= 80%)   ${summary.meetsTarget ? "MEETS" : "MISSES"} target`,
      ].join("\n") + "\n",
    );
  }
} finally {
  for (const child of children) child.kill("SIGTERM");
}
