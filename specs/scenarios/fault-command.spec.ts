// `pinpipe fault` against the stack `pinpipe up --detach` left running, as a user types it.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JournalEntry } from "../../harness/components/gateway/journal.ts";
import { gatewayLogFiles } from "../../harness/components/gateway/log-files.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import type { StackInfo } from "../../harness/stack-info.ts";
import { pinpipe } from "../support/emulator-folders.ts";
import { processesMentioning } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "pinpipe-fault-cli-"));
const home = join(dir, ".pinpipe");
const cli = (...args: string[]) => pinpipe(args, dir, { PINPIPE_HOME: home });

afterAll(async () => {
  await cli("down");
});

async function produce(info: StackInfo): Promise<number> {
  const response = await fetch(`${info.invokeUrl}/topics/${info.userId}.pin`, {
    method: "POST",
    headers: { "content-type": "application/vnd.kafka.json.v2+json" },
    body: JSON.stringify({ records: [{ value: { index: 1 } }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** The gateway's newest exchange in its journal, which it writes just after answering. */
function lastJournalEntry(): JournalEntry | undefined {
  const lines = readFileSync(gatewayLogFiles(join(home, "logs")).journalFile, "utf8")
    .trim()
    .split("\n");
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as JournalEntry) : undefined;
}

describe("pinpipe fault on a detached stack", () => {
  it("kills and starts a component, throttles the gateway, cuts a link, and lists what it did", async () => {
    const up = await cli("up", "--detach", "--json", "--rest-proxy-port", "0");
    expect(up.code, up.stderr).toBe(0);
    const info = JSON.parse(up.stdout) as StackInfo;
    expect(await produce(info)).toBe(200);

    const killed = await cli("fault", "rest-proxy", "kill");
    expect(killed.code, killed.stderr).toBe(0);
    expect(killed.stdout).toMatch(/^rest-proxy kill: applied in \d+ ms/);
    // API Gateway's answer when its HTTP integration refuses the connection.
    expect(await produce(info)).toBe(504);
    // The gateway reaches the REST proxy through its fault link, which refuses while the proxy is down, as the proxy's
    // own closed port would; the journal keeps the REST proxy's address.
    const refused = await pollUntil(
      async () => {
        const entry = lastJournalEntry();
        return entry?.status === 504 ? entry : undefined;
      },
      { name: "the 504 in the gateway journal", timeoutMs: 5000 },
    );
    expect(refused.integration?.error).toBe(
      "Execution failed due to a network error communicating with endpoint: Connection refused",
    );
    expect(refused.integration?.url.startsWith(info.restProxyUrl)).toBe(true);
    expect((await cli("fault", "rest-proxy", "start")).code).toBe(0);
    expect(await produce(info)).toBe(200);

    expect((await cli("fault", "gateway", "throttle=0/0")).code).toBe(0);
    expect(await produce(info)).toBe(429);
    expect((await cli("fault", "gateway", "off")).code).toBe(0);
    expect(await produce(info)).toBe(200);

    // A produce crosses the REST proxy's link to the broker at least twice: 150 ms each way.
    expect((await cli("fault", "net", "rest-proxy->kafka", "latency=150ms")).code).toBe(0);
    const started = performance.now();
    expect(await produce(info)).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect((await cli("fault", "net", "rest-proxy->kafka", "off")).code).toBe(0);

    const listed = await cli("fault", "--json");
    expect(listed.code).toBe(0);
    const { applied, links } = JSON.parse(listed.stdout) as {
      applied: Array<{ action: string; ok: boolean }>;
      links: Array<{ name: string; fault: string }>;
    };
    expect(links.map((l) => `${l.name} ${l.fault}`).sort()).toEqual([
      "gateway->rest-proxy off",
      "rest-proxy->kafka off",
      "sink->kafka off",
      "sink->s3 off",
    ]);
    expect(applied.map((a) => a.action)).toEqual([
      "rest-proxy kill",
      "rest-proxy start",
      "gateway throttle=0/0",
      "gateway off",
      "net rest-proxy->kafka latency=150ms",
      "net rest-proxy->kafka off",
    ]);

    const typo = await cli("fault", "rest-proxy", "explode");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("a component takes one of kill, stop, start, restart");

    expect((await cli("down")).code).toBe(0);
    expect(processesMentioning(home)).toEqual([]);
  }, 180_000);
});
