import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { describeDiscovery, discoverTargets } from "../../../harness/emulator/discover.ts";
import { scanText } from "../../../harness/emulator/discover/scan.ts";

const UID = "0a3db223d459";
const OTHER_UID = "1b4ec334e56a";
const HOST = "https://abc123defg.execute-api.us-east-1.amazonaws.com";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding the files given, by relative path. */
function folder(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "pinpipe-discover-"));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const lines = (...text: string[]): string => text.join("\n") + "\n";

describe("discoverTargets: where users put the stage and the user id", () => {
  it("reads a hard-coded invoke URL in the script", async () => {
    const cwd = folder({
      "user_posting_emulation.py": lines(
        "import requests",
        "",
        `invoke_url = "${HOST}/dev/topics/${UID}.pin"`,
        `response = requests.request("POST", invoke_url, headers=headers, data=payload)`,
      ),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["user_posting_emulation.py"] });
    expect(found.stage).toEqual({
      value: "dev",
      where: { value: "dev", file: "user_posting_emulation.py", line: 3, how: "invoke URL" },
      others: [],
    });
    expect(found.userId?.value).toBe(UID);
    expect(found.userId?.where).toMatchObject({ line: 3, how: "topic name" });
    expect(found.scanned).toBe(1);
  });

  it("reads invoke_url and deployment_stage from a YAML file", async () => {
    const cwd = folder({
      "emulator.py": lines("import yaml", "cfg = yaml.safe_load(open('api_config.yaml'))"),
      "api_config.yaml": lines("api:", `  invoke_url: ${HOST}`, "  deployment_stage: REST", `  user_id: '${UID}'`),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["emulator.py"] });
    expect(found.stage?.where).toEqual({
      value: "REST",
      file: "api_config.yaml",
      line: 3,
      how: "deployment_stage key",
    });
    expect(found.userId?.where).toEqual({ value: UID, file: "api_config.yaml", line: 4, how: "user_id key" });
  });

  it("takes the stage from a YAML invoke URL that carries it", async () => {
    const cwd = folder({ "config.yml": lines(`invoke_url: "${HOST}/dev"`) });
    const found = await discoverTargets({ cwd, entryScripts: [] });
    expect(found.stage?.where).toEqual({ value: "dev", file: "config.yml", line: 1, how: "invoke URL" });
  });

  it("reads a .env with invoke_URL, deployment_stage and iam_username, keeping the stage's case", async () => {
    const cwd = folder({
      "main.py": lines("from dotenv import load_dotenv", "load_dotenv()"),
      ".env": lines(
        "# batch settings",
        `invoke_URL=${HOST}`,
        "deployment_stage=Test",
        `iam_username = ${UID}`,
        "DB_USER=project_user",
      ),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["main.py"] });
    expect(found.stage?.where).toEqual({ value: "Test", file: ".env", line: 3, how: "deployment_stage key" });
    expect(found.userId?.where).toEqual({ value: UID, file: ".env", line: 4, how: "iam_username key" });
  });

  it("reads the user id from a topic name, also in a nested YAML map", async () => {
    const cwd = folder({
      "settings.yaml": lines(`pin_topic: ${UID}.pin`, `geo_topic: ${UID}.geo`),
      "topics.yaml": lines(`TOPICS: {POSTS: ${UID}.pin, USERS: ${UID}.user}`),
    });
    const found = await discoverTargets({ cwd, entryScripts: [] });
    expect(found.userId?.value).toBe(UID);
    expect(found.userId?.where).toEqual({ value: UID, file: "settings.yaml", line: 1, how: "topic name" });
    expect(found.stage).toBeUndefined();
  });

  it("reads a user_id variable used in an f-string, and a stage variable", async () => {
    const cwd = folder({
      "emulate.py": lines(
        "class Poster:",
        "    def __init__(self):",
        "        self.stage = 'prod'",
        `user_id = "${UID}"`,
        `invoke_url = "${HOST}/" + "prod"`,
        'url = f"{invoke_url}/topics/{user_id}.pin"',
        'if stage == "test":',
        "    pass",
      ),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["emulate.py"] });
    expect(found.userId?.where).toEqual({ value: UID, file: "emulate.py", line: 4, how: "user_id variable" });
    expect(found.stage?.where).toEqual({ value: "prod", file: "emulate.py", line: 3, how: "stage variable" });
    expect(found.stage?.others).toEqual([]);
  });

  it("finds nothing in the course placeholder", async () => {
    const cwd = folder({
      "user_posting_emulation.py": lines(
        'invoke_url = "https://YourAPIInvokeURL/YourDeploymentStage/topics/YourTopicName"',
        'deployment_stage = "YourDeploymentStage"',
      ),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["user_posting_emulation.py"] });
    expect(found).toEqual({ scanned: 1 });
  });

  it("reads a .env.example only when nothing else gives a value, and says so", async () => {
    const example = lines(`API_URL=${HOST}/staging`, `USER_ID=${OTHER_UID}`);
    const alone = folder({ "main.py": "print('hi')\n", ".env.example": example });
    const fromTemplate = await discoverTargets({ cwd: alone, entryScripts: ["main.py"] });
    expect(fromTemplate.stage?.where).toEqual({
      value: "staging",
      file: ".env.example",
      line: 1,
      how: "invoke URL, in a template",
    });
    expect(fromTemplate.userId?.where.how).toBe("USER_ID key, in a template");
    expect(fromTemplate.scanned).toBe(2);

    const filledIn = folder({ ".env": lines(`API_URL=${HOST}/dev`, `USER_ID=${UID}`), ".env.example": example });
    const fromEnv = await discoverTargets({ cwd: filledIn, entryScripts: [] });
    expect(fromEnv.stage?.value).toBe("dev");
    expect(fromEnv.userId?.value).toBe(UID);
    expect(fromEnv.stage?.others).toEqual([]);
    expect(fromEnv.scanned).toBe(1);

    // A template speaks only for the target nothing else names.
    const half = folder({
      "api.yaml": lines(`invoke_url: ${HOST}/dev`),
      "config.sample.yaml": example.replaceAll("=", ": "),
    });
    const mixed = await discoverTargets({ cwd: half, entryScripts: [] });
    expect(mixed.stage).toMatchObject({ value: "dev", others: [] });
    expect(mixed.userId?.where).toMatchObject({ value: OTHER_UID, file: "config.sample.yaml" });
  });

  it("reads the shell's environment only for what the folder does not name, and only telling values", async () => {
    const environment = {
      INVOKE_URL: `${HOST}/dev`,
      PIN_TOPIC: `${OTHER_UID}.pin`,
      STAGE: "build",
      HOME: "/root",
    };
    const empty = folder({ "main.py": "import os\nprint(os.environ['INVOKE_URL'])\n" });
    const fromShell = await discoverTargets({ cwd: empty, entryScripts: ["main.py"], environment });
    expect(fromShell.stage?.where).toEqual({ value: "dev", file: "$INVOKE_URL", line: 0, how: "invoke URL" });
    expect(fromShell.userId?.where).toMatchObject({ value: OTHER_UID, file: "$PIN_TOPIC" });
    expect(describeDiscovery(fromShell)[0]).toBe("stage dev (from $INVOKE_URL in the environment, invoke URL)");

    const named = folder({ "main.py": `URL = "${HOST}/prod/topics/${UID}.pin"\n` });
    const fromFolder = await discoverTargets({ cwd: named, entryScripts: ["main.py"], environment });
    expect(fromFolder.stage?.value).toBe("prod");
    expect(fromFolder.userId?.value).toBe(UID);
  });

  it("finds config in config/ for a script in data_emulation/ run from the repository root", async () => {
    const cwd = folder({
      "data_emulation/main.py": lines(
        "import yaml",
        "with open('config/api.yaml') as f:",
        "    cfg = yaml.safe_load(f)",
      ),
      "config/api.yaml": lines("# where to post", "", `invoke_url: ${HOST}/dev`, `pin_topic: ${UID}.pin`),
      "README.md": `Posts to ${HOST}/prod`,
      "notebooks/clean.ipynb": JSON.stringify({ cells: [{ source: [`${HOST}/prod`] }] }),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["data_emulation/main.py"] });
    expect(describeDiscovery(found)).toEqual([
      "stage dev (from config/api.yaml:3, invoke URL)",
      `user id ${UID} (from config/api.yaml:4, topic name)`,
    ]);
    expect(found.scanned).toBe(2);
  });

  it("scans an entry script's folder outside the cwd, and names its files from the cwd", async () => {
    const repo = folder({
      "scripts/post.py": lines(`URL = "${HOST}/test/topics/${UID}.geo"`),
      "scripts/settings.json": JSON.stringify({ deploymentStage: "test", streams: [`streaming-${UID}-pin`] }),
      "work/notes.txt": "",
    });
    const found = await discoverTargets({ cwd: join(repo, "work"), entryScripts: ["../scripts/post.py"] });
    expect(found.stage?.where).toEqual({ value: "test", file: "../scripts/post.py", line: 1, how: "invoke URL" });
    expect(found.userId?.value).toBe(UID);
    expect(found.scanned).toBe(2);
  });

  it("lets the entry script win over conflicting values, and lists the others once each", async () => {
    const cwd = folder({
      "main.py": lines(`INVOKE = "${HOST}/dev"`, `requests.post(INVOKE + "/topics/${UID}.pin")`),
      "old/legacy.py": lines("", `url = "${HOST}/prod/topics/${OTHER_UID}.pin"`, `url2 = "${HOST}/prod"`),
      "config.yaml": lines("stage: test", `bucket: user-${OTHER_UID}-bucket`),
      "other.yaml": lines("STAGE: staging", "api_stage: test"),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["main.py"] });
    expect(found.stage?.value).toBe("dev");
    expect(found.stage?.others).toEqual([
      { value: "test", file: "config.yaml", line: 1, how: "stage key" },
      { value: "staging", file: "other.yaml", line: 1, how: "STAGE key" },
      { value: "prod", file: "old/legacy.py", line: 2, how: "invoke URL" },
    ]);
    expect(found.userId?.value).toBe(UID);
    expect(found.userId?.others).toEqual([{ value: OTHER_UID, file: "config.yaml", line: 2, how: "bucket name" }]);
    expect(describeDiscovery(found)[0]).toBe(
      "stage dev (from main.py:1, invoke URL); also seen: test in config.yaml:1, staging in other.yaml:1, prod in old/legacy.py:2",
    );
  });

  it("picks the value seen most often among files of one rank, then the first in path order", async () => {
    const cwd = folder({
      "a.yaml": "stage: prod\n",
      "b.yaml": "stage: dev\n",
      "c.yaml": "deployment_stage: dev\n",
      "d.ini": "[api]\nstage = Test\n",
    });
    expect((await discoverTargets({ cwd, entryScripts: [] })).stage?.value).toBe("dev");
    // Stage names are case-sensitive in API Gateway: `Test` and `test` are two stages.
    const cased = folder({ "a.env": "STAGE=Test\n", "b.env": "STAGE=test\n", "c.env": "STAGE=test\n" });
    const byCase = await discoverTargets({ cwd: cased, entryScripts: [] });
    expect(byCase.stage?.value).toBe("test");
    expect(byCase.stage?.others).toEqual([{ value: "Test", file: "a.env", line: 1, how: "STAGE key" }]);
    const tie = folder({ "b.toml": 'stage = "dev"\n', "a.toml": 'stage = "prod"\n' });
    expect((await discoverTargets({ cwd: tie, entryScripts: [] })).stage?.where.file).toBe("a.toml");
  });

  it("prefers config files to other Python modules", async () => {
    const cwd = folder({ "helpers.py": `STAGE = "prod"\n`, "zz.cfg": "stage=dev\n" });
    const found = await discoverTargets({ cwd, entryScripts: [] });
    expect(found.stage?.value).toBe("dev");
    expect(found.stage?.others.map((o) => o.value)).toEqual(["prod"]);
  });

  it("does not take .pins or longer hex runs for a user id", async () => {
    const cwd = folder({
      "main.py": lines(
        `topic = "${UID}.pins"`,
        `other = "x${UID}.pin"`,
        `longer = "f${UID}.pin"`,
        `data = "${UID}.pin.json"`,
        `user_id = "${UID.toUpperCase()}"`,
        `uuid = "${UID}"`,
      ),
    });
    const found = await discoverTargets({ cwd, entryScripts: ["main.py"] });
    expect(found.userId).toBeUndefined();
  });

  it("recognises stream and bucket names", () => {
    const hits = scanText(lines(`s = "streaming-${UID}-geo"`, `b = "s3://user-${UID}-bucket/topics"`), "python");
    expect(hits.map((h) => [h.value, h.line, h.how])).toEqual([
      [UID, 1, "stream name"],
      [UID, 2, "bucket name"],
    ]);
  });

  it("skips virtualenvs, node_modules and the other folders of tools", async () => {
    const fake = `STAGE = "prod"\nuser_id = "${OTHER_UID}"\n`;
    const cwd = folder({
      "main.py": "print('no settings here')\n",
      "venv/bin/python": "",
      "venv/lib/python3.11/site-packages/pkg/settings.py": fake,
      "myenv/pyvenv.cfg": "home = /usr/bin\n",
      "myenv/lib/conf.py": fake,
      "env/bin/python": "",
      "env/cfg.yaml": "stage: prod\n",
      "node_modules/pkg/config.json": JSON.stringify({ stage: "prod" }),
      ".git/config.yaml": "stage: prod\n",
      "lib/site-packages/x.py": fake,
      "__pycache__/x.py": fake,
    });
    const found = await discoverTargets({ cwd, entryScripts: ["main.py"] });
    expect(found).toEqual({ scanned: 1 });
  });

  it("reads a folder named env that is not a virtualenv", async () => {
    const cwd = folder({ "env/dev.yaml": "stage: dev\n" });
    expect((await discoverTargets({ cwd, entryScripts: [] })).stage?.value).toBe("dev");
  });

  it("skips binary files, bad encodings, big files and commented-out lines", async () => {
    const cwd = folder({
      "blob.json": Buffer.concat([Buffer.from(`{"stage": "prod"}`), Buffer.from([0, 1, 2])]),
      "latin.yaml": Buffer.concat([Buffer.from("stage: prod\nname: "), Buffer.from([0xe9]), Buffer.from("\n")]),
      "huge.yaml": "stage: prod\n" + "#".repeat(1024 * 1024),
      "main.py": lines(`# invoke_url = "${HOST}/prod"`, `invoke_url = "${HOST}/dev"  # was ${HOST}/prod`),
      "app.ini": lines("; stage = prod", "stage = dev"),
    });
    const found = await discoverTargets({ cwd, entryScripts: [] });
    expect(found.stage).toMatchObject({ value: "dev", others: [] });
    expect(found.scanned).toBe(2);
  });

  it("never follows a symlinked folder out of the tree, nor round in a loop", async () => {
    const outside = folder({ "secret.yaml": "stage: prod\n" });
    const cwd = folder({ "app/api.yaml": "stage: dev\n" });
    symlinkSync(outside, join(cwd, "linked"), "dir");
    symlinkSync(join(cwd, "app"), join(cwd, "app", "again"), "dir");
    const found = await discoverTargets({ cwd, entryScripts: [] });
    expect(found.stage).toMatchObject({ value: "dev", others: [] });
    expect(found.scanned).toBe(1);
  });

  it("keeps to its depth and file budgets", async () => {
    const deep = folder({ "1/2/3/4/5/6/ok.yaml": "stage: dev\n", "1/2/3/4/5/6/7/too-deep.yaml": "stage: prod\n" });
    expect((await discoverTargets({ cwd: deep, entryScripts: [] })).stage?.others).toEqual([]);
    const many = folder(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.yaml`, "stage: dev\n"])));
    expect((await discoverTargets({ cwd: many, entryScripts: [], limits: { maxFiles: 10 } })).scanned).toBe(10);
  });

  it("scans a folder of 50 files in well under 100 ms", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) {
      files[`pkg${i % 5}/module${i}.py`] = lines(
        "import requests, yaml, json",
        ...Array.from({ length: 60 }, (_, j) => `value_${j} = compute(${j}, "text {x}") # note ${j}`),
        `invoke_url = "${HOST}/dev/topics/${UID}.pin"`,
      );
    }
    const cwd = folder(files);
    await discoverTargets({ cwd, entryScripts: [] });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const found = await discoverTargets({ cwd, entryScripts: [] });
      times.push(performance.now() - start);
      expect(found.scanned).toBe(50);
    }
    expect(Math.min(...times)).toBeLessThan(100);
  });
});

describe("describeDiscovery", () => {
  it("says what was found, where, and what else was seen", () => {
    expect(
      describeDiscovery({
        stage: {
          value: "dev",
          where: { value: "dev", file: "config/api.yaml", line: 3, how: "invoke URL" },
          others: [{ value: "prod", file: "old/legacy.py", line: 12, how: "invoke URL" }],
        },
        scanned: 4,
      }),
    ).toEqual([
      "stage dev (from config/api.yaml:3, invoke URL); also seen: prod in old/legacy.py:12",
      "no user id found (4 files read)",
    ]);
  });
});

describe("scanText", () => {
  it("reads keys in JSON, TOML and Python dicts and defaults", () => {
    const json = scanText(`{"api": {"stage": "Prod", "iam_user": "${UID}"}}`, "config");
    expect(json.map((h) => [h.target, h.value, h.how])).toEqual([
      ["stage", "Prod", "stage key"],
      ["userId", UID, "iam_user key"],
    ]);
    const env = scanText(lines(`TOPIC_PREFIX=${UID}`, "KAFKA_PREFIX=pinterest", "DB_USER=project_user"), "config");
    expect(env.map((h) => [h.value, h.how])).toEqual([[UID, "TOPIC_PREFIX key"]]);
    const toml = scanText(lines("[api]", 'api_stage = "dev"', `aws_user = "${UID}"`), "config");
    expect(toml.map((h) => h.value)).toEqual(["dev", UID]);
    const py = scanText(
      lines(`cfg = {"stageName": "dev", "USER_ID": "${UID}"}`, 'stage = os.getenv("STAGE", "prod")'),
      "python",
    );
    expect(py.map((h) => [h.value, h.how])).toEqual([
      ["dev", "stageName key"],
      [UID, "USER_ID key"],
      ["prod", "STAGE default"],
    ]);
  });

  it("leaves stage placeholders and values filled in at run time alone", () => {
    const hits = scanText(
      lines(
        'stage = "YOUR_STAGE"',
        'url = f"https://abc.execute-api.us-east-1.amazonaws.com/{stage}/topics"',
        "stage: ${STAGE}",
        "stage = None",
        'url = "https://abc.execute-api.us-east-1.amazonaws.com/dev{suffix}"',
      ),
      "python",
    );
    expect(hits).toEqual([]);
  });
});
