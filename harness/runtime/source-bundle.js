// Loads a TypeScript entry module of the checkout (the command line, a component thread) from a bundle of it and
// the sources it imports, made with esbuild and kept under node_modules/.cache/pinpipe/bundles/. A bundle is used
// only while every source it was made from has the size and modification time it had then; any edit makes the next
// load build it again (about 0.2 s), so no build step ever stands between an edit and a run.
//
// Why: through the tsx loader every import is resolved and loaded by messages to a loader thread of its own, in
// each thread that loads TypeScript. A stack's command line and its three component threads spent about 2.3 s of
// CPU more that way than from bundles (measured on a 9-record `pinpipe run`: 5.4-6.3 s of Node CPU through tsx,
// 3.0-3.7 s from bundles), and every stack a spec or a user starts pays it.
//
// A bundle keeps each source file's own `import.meta.url` (it is written in as that file's URL), so the paths the
// harness finds next to its code are the same as from the sources. Packages stay imports of node_modules. If
// esbuild is missing or fails, the module is loaded through tsx as before.
//
// Plain JavaScript on purpose: it runs before any TypeScript loader.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUNDLES = join(ROOT, "node_modules", ".cache", "pinpipe", "bundles");
/** Bundles of an entry that a newer one replaced are removed once they are this old: a process may still use one. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/** The module `moduleUrl` (a .ts file of the checkout), loaded from its bundle, else through tsx. */
export async function importFromSource(moduleUrl) {
  const bundle = freshBundle(moduleUrl) ?? (await buildBundle(moduleUrl).catch(() => undefined));
  if (bundle !== undefined) {
    // Errors point at the TypeScript sources, as they did through tsx.
    process.setSourceMapsEnabled(true);
    return import(bundle);
  }
  const { register } = await import("tsx/esm/api");
  register();
  return import(moduleUrl);
}

const entryName = (file) =>
  relative(ROOT, file)
    .replace(/\.ts$/, "")
    .replaceAll(/[^A-Za-z0-9]+/g, "-");
const recordFile = (name) => join(BUNDLES, `${name}.json`);
const stamp = (file) => {
  const stat = statSync(file);
  return `${stat.size}:${stat.mtimeMs}`;
};

/** The URL of the entry's bundle when one exists and every source it holds is unchanged. */
function freshBundle(moduleUrl) {
  let record;
  try {
    record = JSON.parse(readFileSync(recordFile(entryName(fileURLToPath(moduleUrl))), "utf8"));
    for (const [file, was] of Object.entries(record.sources)) if (stamp(join(ROOT, file)) !== was) return undefined;
  } catch {
    return undefined;
  }
  const entry = join(BUNDLES, record.dir, record.entry);
  return existsSync(entry) ? pathToFileURL(entry).href : undefined;
}

/** Builds the entry's bundle into a folder named by its contents, then records its sources; returns its URL. */
async function buildBundle(moduleUrl) {
  const esbuild = await import("esbuild");
  const file = fileURLToPath(moduleUrl);
  const name = entryName(file);
  // This file is a source of every bundle too: how a bundle is made is part of what it holds.
  const sources = { [relative(ROOT, fileURLToPath(import.meta.url))]: stamp(fileURLToPath(import.meta.url)) };
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [file],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    // At the depth of the bundle's own folder, so the source maps' relative paths hold there.
    outdir: join(BUNDLES, "out"),
    outExtension: { ".js": ".mjs" },
    // Mappings and file names only: Node reads a bundle's map as it loads it, and the sources' text would double it.
    sourcemap: "linked",
    sourcesContent: false,
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "own-import-meta-url",
        setup(build) {
          build.onLoad({ filter: /\.[cm]?[jt]s$/ }, async (args) => {
            // The size and time first: a file edited while it is read makes the record stale, not the bundle wrong.
            sources[relative(ROOT, args.path)] = stamp(args.path);
            const text = await readFile(args.path, "utf8");
            const url = JSON.stringify(pathToFileURL(args.path).href);
            return {
              contents: text.replaceAll("import.meta.url", url),
              loader: args.path.endsWith("ts") ? "ts" : "js",
            };
          });
        },
      },
    ],
  });
  const hash = createHash("sha256");
  for (const output of result.outputFiles) hash.update(output.path).update(output.contents);
  const dir = `${name}-${hash.digest("hex").slice(0, 16)}`;
  const final = join(BUNDLES, dir);
  if (!existsSync(final)) {
    // Written aside and renamed: another process may be building the same bundle at the same moment.
    const aside = join(BUNDLES, `.${dir}-${process.pid}-${Math.random().toString(36).slice(2)}`);
    for (const output of result.outputFiles) {
      const to = join(aside, relative(join(BUNDLES, "out"), output.path));
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, output.contents);
    }
    try {
      renameSync(aside, final);
    } catch {
      rmSync(aside, { recursive: true, force: true });
    }
  }
  const entry = `${basename(file, ".ts")}.mjs`;
  // Aside too, under a name no other build uses: two stacks in one process may open the same thread together.
  const record = join(BUNDLES, `.${name}-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(record, JSON.stringify({ dir, entry, sources }));
  renameSync(record, recordFile(name));
  removeStale(name, dir);
  return pathToFileURL(join(final, entry)).href;
}

function removeStale(name, keep) {
  for (const dir of readdirSync(BUNDLES)) {
    if (dir === keep || !new RegExp(`^${name}-[0-9a-f]{16}$`).test(dir)) continue;
    const at = join(BUNDLES, dir);
    if (Date.now() - statSync(at).mtimeMs > STALE_AFTER_MS) rmSync(at, { recursive: true, force: true });
  }
}
