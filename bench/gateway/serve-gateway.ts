// Starts the gateway alone in front of the URL given as argv[2]; prints its invoke URL as one JSON line.
// `--no-logs` turns the access log and the journal off, to show what they cost.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startGateway } from "../../harness/components/gateway/index.ts";
import { exitWithParent } from "../lib/children.ts";

const target = process.argv[2] ?? "";
const logs = !process.argv.includes("--no-logs");
const dir = mkdtempSync(join(tmpdir(), "pinpipe-gateway-bench-"));
const gateway = await startGateway({
  target,
  accessLogFile: logs ? join(dir, "access.log") : false,
  journalFile: logs ? join(dir, "journal.jsonl") : false,
  // The stage's default limit (10,000 req/s) would answer part of the load with 429s and measure the throttle instead.
  throttle: { rateLimit: 1_000_000, burstLimit: 1_000_000 },
});
process.stdout.write(`${JSON.stringify({ url: gateway.invokeUrl, dir })}\n`);
// The logs grow by about 100 MB a run and are only there to be paid for: they go with the process.
exitWithParent(async () => {
  await gateway.kill();
  rmSync(dir, { recursive: true, force: true });
});
