// A watchdog that outlives a crashed parent: the parent writes "+<pid>" / "-<pid>" lines on our stdin for
// each component process group it starts or reaps. When stdin closes (the parent exited, even by SIGKILL),
// every group still registered is sent SIGTERM, then SIGKILL, so no java or mariadbd is left behind.
// Plain JavaScript on purpose: it must start in milliseconds and need no loader.
import { createInterface } from "node:readline";

const groups = new Set();
const alive = (pid) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};
const signal = (pid, sig) => {
  try {
    process.kill(-pid, sig);
  } catch {
    // already gone
  }
};

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => {});

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const pid = Number(line.slice(1));
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (line.startsWith("+")) groups.add(pid);
  else groups.delete(pid);
});
lines.on("close", () => {
  for (const pid of groups) signal(pid, "SIGTERM");
  const deadline = Date.now() + 5000;
  const timer = setInterval(() => {
    const left = [...groups].filter(alive);
    if (left.length === 0 || Date.now() > deadline) {
      for (const pid of left) signal(pid, "SIGKILL");
      clearInterval(timer);
      process.exit(0);
    }
  }, 100);
});
