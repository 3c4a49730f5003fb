// The published package, as a user gets it: packed, installed from the tarball into a project of its own, and
// used there from the command line, from plain Node, from TypeScript and from a vitest spec that runs a stack.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../harness/paths.ts";
import { pollUntil } from "../../harness/runtime/wait.ts";
import { processesMentioning } from "../support/processes.ts";

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command to its end; its output (both streams) is what an assertion shows when it fails. */
function run(command: string, args: string[], cwd: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: `$ ${command} ${args.join(" ")}\n${output}` }));
  });
}

// What makes this process a vitest worker, what `npm test` tells its script about the checkout, and the
// checkout's state folder: none of it is the user's project's. The npm cache and registry settings stay, and so
// does the pinpipe cache, which an installed copy shares.
const NOT_THE_USERS =
  /^(VITEST|TINYPOOL|NODE_ENV$|INIT_CWD$|npm_package_|npm_lifecycle_|npm_config_local_prefix$|PINPIPE_HOME$)/;

function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_THE_USERS.test(name)));
}

/** What a user's project holds: vitest, TypeScript, and a spec that imports both entry points. */
const USER_FILES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    },
    include: ["*.ts"],
  }),
  "stack.spec.ts": `
import { cpSync } from "node:fs";
import { basename, dirname } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startStack, type StackInfo, type StartedStack } from "pinpipe";
import { pinpipeMatchers, REFERENCE_EMULATOR, runEmulator } from "pinpipe/testing";

expect.extend(pinpipeMatchers);

let stack: StartedStack;
beforeAll(async () => {
  stack = await startStack({ restProxyPort: 0 });
}, 240_000);
afterAll(() => stack?.stop());

it("runs an emulator of the user's own through the whole chain", async () => {
  // The reference emulator, copied into this project as a user's own script would be in it.
  cpSync(dirname(REFERENCE_EMULATOR), "emulator", { recursive: true });
  const info: StackInfo = stack.info;
  await runEmulator({
    command: \`python3 \${basename(REFERENCE_EMULATOR)}\`,
    cwd: "emulator",
    stack,
    records: 6,
    env: { INVOKE_URL: info.invokeUrl, USER_ID: info.userId, EMULATOR_SLEEP_SCALE: "0" },
    progress: () => {},
  });
  await expect(stack).toHaveDelivered({ records: 6 });
  await expect(stack).toHavePartition(\`\${info.userId}.pin\`, 0, { pending: 0 });
}, 180_000);

// The typings are pinpipe's own, not \`any\`: tsc must find this option wrong.
export function typed(): Promise<StartedStack> {
  // @ts-expect-error runtime is one of auto, native, docker
  return startStack({ runtime: "podman" });
}
`,
};

describe("the package, installed from its tarball", () => {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  };
  let work: string;
  let project: string;
  let installed: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "pinpipe-package-"));
    const packed = await run("npm", ["pack", "--silent", "--pack-destination", work], PROJECT_ROOT);
    expect(packed.code, packed.output).toBe(0);
    const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
    expect(tarball, packed.output).toBeDefined();

    project = join(work, "project");
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "user-project", private: true, type: "module" }),
    );
    for (const [name, text] of Object.entries(USER_FILES)) writeFileSync(join(project, name), text);
    const devDependencies = ["vitest", "typescript", "@types/node"].map(
      (name) => `${name}@${pkg.devDependencies[name]}`,
    );
    const install = await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, tarball as string), ...devDependencies],
      project,
    );
    expect(install.code, install.output).toBe(0);
    installed = join(project, "node_modules", "pinpipe");
  }, 400_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it("holds the compiled harness with its typings, and no sources, specs or tooling", () => {
    const files = readdirSync(installed, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(installed, join(entry.parentPath, entry.name)));
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/pinpipe.js",
        "dist/harness/index.js",
        "dist/harness/index.d.ts",
        "dist/harness/testing/index.d.ts",
        "dist/harness/emulator/aws/hook/sitecustomize.py",
        "fixtures/emulator/user_posting_emulation_batch.py",
        "docker/native/kafka/pom.xml",
      ]),
    );
    const sources = files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"));
    expect(sources).toEqual([]);
    expect(files.filter((file) => /^(specs|bench|harness|\.ci)\//.test(file))).toEqual([]);
  });

  it("`npx pinpipe doctor` finds what the native runtime needs", async () => {
    const doctor = await run("npx", ["pinpipe", "doctor"], project);
    expect(doctor.code, doctor.output).toBe(0);
  }, 60_000);

  it("both entry points load in plain Node", async () => {
    const script =
      'const main = await import("pinpipe"); const testing = await import("pinpipe/testing");' +
      "console.log(typeof main.startStack, typeof testing.pinpipeMatchers);";
    const node = await run(process.execPath, ["--input-type=module", "-e", script], project);
    expect(node.code, node.output).toBe(0);
    expect(node.output).toContain("function object");
  }, 60_000);

  it("a TypeScript spec typechecks against the shipped typings", async () => {
    const tsc = await run("npx", ["tsc", "-p", "."], project);
    expect(tsc.code, tsc.output).toBe(0);
  }, 120_000);

  it("a vitest spec there starts a stack, runs an emulator against it, and stops it", async () => {
    const vitest = await run("npx", ["vitest", "run"], project);
    expect(vitest.code, vitest.output).toBe(0);
    expect(vitest.output).toMatch(/1 passed/);
    // The stack lived in the user's project (not in the checkout), and nothing of it outlives the run: its
    // components are gone, and the watchdog goes once it has seen its parent go.
    expect(readdirSync(join(project, ".pinpipe"))).toContain("logs");
    await pollUntil(async () => (processesMentioning(project).length === 0 ? true : undefined), {
      name: "every process of the installed package to be gone",
      timeoutMs: 20_000,
      intervalMs: 100,
    });
  }, 300_000);
});
