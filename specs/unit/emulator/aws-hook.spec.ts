import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PYTHON_HOOK_DIR } from "../../../harness/emulator/aws/stand-ins.ts";

const run = promisify(execFile);

/** A folder laid out as users keep theirs: a package run as `python3 pkg/main.py` from the repository's root. */
function project(main: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pinpipe-hook-"));
  mkdirSync(join(dir, "pkg"));
  writeFileSync(join(dir, "pkg", "main.py"), main);
  return dir;
}

async function python(dir: string, names: object | undefined): Promise<{ stdout: string; events: object[] }> {
  const events = join(dir, "events.jsonl");
  writeFileSync(events, "");
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: PYTHON_HOOK_DIR, PYTHONDONTWRITEBYTECODE: "1" };
  if (names) env.PINPIPE_AWS_NAMES = JSON.stringify({ ...names, events });
  const { stdout } = await run("python3", ["pkg/main.py"], { cwd: dir, env });
  const lines = readFileSync(events, "utf8").split("\n").filter(Boolean);
  return { stdout, events: lines.map((line) => JSON.parse(line) as object) };
}

const NAMES = { rds: { host: "127.0.0.1", port: 41001 }, executeApi: { host: "127.0.0.1", port: 41002 } };
const RDS = "pinterestdbreadonly.abc123xyz.eu-west-1.rds.amazonaws.com";
const API = "0a1b2c3d4e.execute-api.us-east-1.amazonaws.com";

// Prints where each name leads, or the error a refused one raises.
const RESOLVE = `
import socket
def where(host, port):
    try:
        return "%s:%s" % socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][:2]
    except socket.gaierror as error:
        return "refused: " + str(error)
for host, port in [(${JSON.stringify(RDS)}, 3306), (${JSON.stringify(RDS.toUpperCase())}, 33060),
                   (${JSON.stringify(API)}, 443), ("localhost", 8082), ("127.0.0.1", 9),
                   ("kinesis.us-east-1.amazonaws.com", 443), ("example.org", 80)]:
    print(host, where(host, port))
`;

describe("the Python start-up hook that answers AWS names", () => {
  it("sends RDS hosts (any port) and execute-api hosts to pinpipe, keeps loopback, refuses the rest with the reason", async () => {
    const { stdout, events } = await python(project(RESOLVE), NAMES);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toBe(`${RDS} 127.0.0.1:41001`);
    expect(lines[1]).toBe(`${RDS.toUpperCase()} 127.0.0.1:41001`);
    expect(lines[2]).toBe(`${API} 127.0.0.1:41002`);
    expect(lines[3]).toMatch(/^localhost 127\.0\.0\.1:8082$|^localhost ::1:8082$/);
    expect(lines[4]).toBe("127.0.0.1 127.0.0.1:9");
    expect(lines[5]).toMatch(
      /refused: .*kinesis\.us-east-1\.amazonaws\.com is an AWS service pinpipe does not stand in for/,
    );
    expect(lines[6]).toMatch(/refused: .*example\.org is not reachable from an emulator run: there is no network/);
    expect(events).toEqual([
      expect.objectContaining({ type: "rds", host: RDS.toLowerCase(), port: 3306 }),
      expect.objectContaining({ type: "rds", host: RDS.toLowerCase(), port: 33060 }),
      expect.objectContaining({ type: "execute-api", host: API, port: 443 }),
      expect.objectContaining({ type: "refused", host: "kinesis.us-east-1.amazonaws.com" }),
      expect.objectContaining({ type: "refused", host: "example.org" }),
    ]);
  });

  it("holds in multiprocessing children, spawned or forked, and for a socket connected by name", async () => {
    const source = `
import multiprocessing, socket
def child(queue):
    queue.put(socket.getaddrinfo(${JSON.stringify(RDS)}, 3306)[0][4][1])
if __name__ == "__main__":
    for method in ("spawn", "fork"):
        context = multiprocessing.get_context(method)
        queue = context.Queue()
        process = context.Process(target=child, args=(queue,))
        process.start()
        print(method, queue.get(timeout=20))
        process.join()
    sock = socket.socket()
    print("connect", sock.connect_ex((${JSON.stringify(RDS)}, 3306)) != 0)
`;
    const { stdout } = await python(project(source), NAMES);
    expect(stdout).toContain("spawn 41001");
    expect(stdout).toContain("fork 41001");
    // Nothing listens on the stand-in's port in this spec, so the connection is refused: it went to loopback.
    expect(stdout).toContain("connect True");
  });

  it("changes nothing in a Python that pinpipe did not start", async () => {
    const { stdout } = await python(
      project(`import socket\nprint(socket.getaddrinfo.__module__, socket.socket.connect.__qualname__)\n`),
      undefined,
    );
    expect(stdout.trim()).toBe("socket socket.connect");
  });
});
