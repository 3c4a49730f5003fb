import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { config } from "../../harness/config.ts";
import type { StartedGateway } from "../../harness/components/gateway/index.ts";
import { readJournal, startGateway } from "../../harness/components/gateway/index.ts";
import { runEmulator, type EmulatorRunResult } from "../../harness/emulator/run.ts";

const stack = inject("stack");
// The emulator's log and name events in a folder of this file's: other files run emulators beside it.
const logDir = mkdtempSync(join(tmpdir(), "pinpipe-emulator-logs-"));
const AWS_INVOKE_URL = "https://abc123xyz.execute-api.us-east-1.amazonaws.com/prod";

/** A folder holding one Python script, as a user's emulator folder would. */
function scriptDir(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pinpipe-emulator-"));
  writeFileSync(join(dir, "emulator.py"), source);
  return dir;
}

// The emulators' own code, invoke URL and all, with nothing pointing at pinpipe.
const POST_ONE_PIN = `
import json, requests
invoke_url = "${AWS_INVOKE_URL}/topics/${stack.userId}.pin"
payload = json.dumps({"records": [{"value": {"index": 7528, "title": "No Title Data Available", "downloaded": 0}}]})
headers = {"Content-Type": "application/vnd.kafka.json.v2+json"}
response = requests.request("POST", invoke_url, headers=headers, data=payload)
print("status", response.status_code)
print("body", response.text)
`;

// The same call with the environment's proxy turned off: the name itself must lead to pinpipe.
const POST_DIRECT = POST_ONE_PIN.replace("data=payload)", 'data=payload, proxies={"https": None})');

const REACH_OUT = `
import requests
try:
    requests.get("https://example.com/", timeout=10)
    print("reached example.com")
except requests.exceptions.ProxyError as error:
    print("proxy refused", error)
`;

describe("an emulator with a hard-coded AWS invoke URL", () => {
  let gateway: StartedGateway;
  let journalFile: string;

  beforeAll(async () => {
    journalFile = join(mkdtempSync(join(tmpdir(), "pinpipe-gateway-")), "journal.jsonl");
    // A gateway of its own in front of the stack's REST proxy, so the spec can read its journal alone.
    gateway = await startGateway({ target: stack.restProxyUrl, accessLogFile: false, journalFile });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const run = async (source: string): Promise<{ output: string; result: EmulatorRunResult }> => {
    const result = await runEmulator({
      command: "python3 emulator.py",
      cwd: scriptDir(source),
      stack: { info: stack, gateway, cacheDir: config().cacheDir, logDir },
      progress: () => {},
    });
    const output = readFileSync(result.logFile, "utf8");
    expect(result, output).toMatchObject({ stoppedBy: "exited", exitCode: 0 });
    return { output, result };
  };

  it("posts through the proxy to the gateway and gets the REST proxy's 200 body", async () => {
    const { output, result } = await run(POST_ONE_PIN);
    expect(result.names).toContainEqual(
      expect.objectContaining({ type: "execute-api", host: "abc123xyz.execute-api.us-east-1.amazonaws.com", pid: 0 }),
    );
    expect(output).toContain("status 200");
    expect(output).toMatch(
      /body \{"offsets":\[\{"partition":0,"offset":\d+,"error_code":null,"error":null\}\],"key_schema_id":null,"value_schema_id":null\}/,
    );
    // The journal is written as the response goes out: waited for, not assumed.
    const entry = await vi.waitFor(async () => {
      const posted = (await readJournal(journalFile)).find((e) => e.method === "POST");
      expect(posted).toBeDefined();
      return posted;
    });
    // As on AWS: the stage in the path, the execute-api host in Host (under the gateway's id), the script's body.
    expect(entry).toMatchObject({ url: `/prod/topics/${stack.userId}.pin`, status: 200, stage: "prod" });
    expect(entry?.request.headers).toContainEqual(["Host", `${gateway.apiId}.execute-api.us-east-1.amazonaws.com`]);
    expect(entry?.integration?.url).toBe(`${stack.restProxyUrl}/topics/${stack.userId}.pin`);
  }, 300_000);

  it("reaches the gateway by the invoke URL's name alone, for clients that do not use HTTPS_PROXY", async () => {
    const { output, result } = await run(POST_DIRECT);
    expect(output).toContain("status 200");
    // Resolved by the script's own process (a pid), not tunnelled through the proxy (pid 0).
    expect(result.names).toEqual([
      expect.objectContaining({
        type: "execute-api",
        host: "abc123xyz.execute-api.us-east-1.amazonaws.com",
        pid: expect.any(Number),
      }),
    ]);
    expect(result.names[0]?.pid).toBeGreaterThan(0);
  }, 120_000);

  it("refuses any other HTTPS host: the script gets a proxy error, nothing leaves the machine", async () => {
    const { output } = await run(REACH_OUT);
    expect(output).not.toContain("reached example.com");
    expect(output).toMatch(/proxy refused .*403 Forbidden/);
  }, 120_000);
});
