import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runProcesses, RUN_MARKER_VARIABLE, stopEmulator } from "../../../harness/emulator/stop.ts";
import { ManagedProcess } from "../../../harness/runtime/process.ts";

const WAITS = { newline: 500, signal: 700 };

async function start(source: string): Promise<{ emulator: ManagedProcess; marker: string }> {
  const marker = `spec${Math.random().toString(16).slice(2)}`;
  const emulator = await ManagedProcess.spawn({
    name: "emulator",
    command: "python3",
    args: ["-u", "-c", source],
    env: { [RUN_MARKER_VARIABLE]: marker },
    logFile: join(mkdtempSync(join(tmpdir(), "pinpipe-stop-")), "emulator.log"),
    stdin: "pipe",
  });
  return { emulator, marker };
}

/** Waits until the script printed `ready` (its children are up). */
async function ready(emulator: ManagedProcess): Promise<void> {
  const printed = (): string => (existsSync(emulator.logFile) ? readFileSync(emulator.logFile, "utf8") : "");
  for (let i = 0; i < 200 && !printed().includes("ready"); i++) await delay(25);
}

describe("stopping an emulator", () => {
  it("presses Enter first, for scripts that wait on input(), and their children end with them", async () => {
    const { emulator, marker } = await start(`
import multiprocessing, time
def work(stop):
    while not stop.is_set():
        time.sleep(0.05)
if __name__ == "__main__":
    stop = multiprocessing.Event()
    children = [multiprocessing.Process(target=work, args=(stop,)) for _ in range(2)]
    for child in children: child.start()
    print("ready")
    input()
    stop.set()
    for child in children: child.join()
`);
    await ready(emulator);
    expect(runProcesses(marker).length).toBeGreaterThanOrEqual(3);
    expect(await stopEmulator(emulator, marker, WAITS)).toBe("newline");
    expect(emulator.exitStatus).toEqual({ code: 0, signal: null });
    expect(runProcesses(marker)).toEqual([]);
  });

  it("sends SIGINT to scripts that loop until Ctrl-C", async () => {
    const { emulator, marker } = await start("import time\nprint('ready')\nwhile True: time.sleep(0.05)\n");
    await ready(emulator);
    expect(await stopEmulator(emulator, marker, WAITS)).toBe("SIGINT");
    expect(readFileSync(emulator.logFile, "utf8")).toContain("KeyboardInterrupt");
  });

  it("kills what ignores every signal, and children that left the process group or outlived their parent", async () => {
    const { emulator, marker } = await start(`
import os, signal, subprocess, sys, time
# A grandchild in a session of its own, deaf to SIGINT and SIGTERM: only the run's marker finds it.
subprocess.Popen([sys.executable, "-c",
    "import signal, time\\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\\n"
    "while True: time.sleep(0.05)"], start_new_session=True, stdin=subprocess.DEVNULL)
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready")
while True:
    time.sleep(0.05)
`);
    await ready(emulator);
    await delay(200);
    expect(runProcesses(marker).length).toBe(2);
    expect(await stopEmulator(emulator, marker, WAITS)).toBe("SIGKILL");
    expect(emulator.exitStatus?.signal).toBe("SIGKILL");
    expect(runProcesses(marker)).toEqual([]);
  });

  it("sweeps up children an emulator left behind when it exited by itself", async () => {
    const { emulator, marker } = await start(`
import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time\\nwhile True: time.sleep(0.05)"], stdin=subprocess.DEVNULL)
print("ready")
`);
    await emulator.exited;
    expect(runProcesses(marker).length).toBe(1);
    expect(await stopEmulator(emulator, marker, WAITS)).toBe("SIGINT");
    expect(runProcesses(marker)).toEqual([]);
  });
});
