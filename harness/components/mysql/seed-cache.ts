import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GENERATOR_VERSION, generateDataset } from "../../../fixtures/generator/dataset.ts";
import { generatorFingerprint } from "../../../fixtures/generator/fingerprint.ts";
import { toLoadData } from "../../../fixtures/generator/format.ts";
import { TABLES, type TableName } from "../../../fixtures/generator/types.ts";

export interface CachedDataset {
  /** One `LOAD DATA` text file per table. */
  files: Record<TableName, string>;
  /** Whether this call generated the dataset (false: reused from the cache). */
  generated: boolean;
}

const MANIFEST = "manifest.json";

/**
 * The dataset for seed+rows as `LOAD DATA` files under `<cacheDir>/fixtures/<key>/`, generated on first use.
 * The key holds the generator version and a hash of its sources, so a changed generator never reuses old files.
 */
export async function cachedDataset(seed: number, rows: number, cacheDir: string): Promise<CachedDataset> {
  const fingerprint = await generatorFingerprint();
  const root = join(cacheDir, "fixtures");
  const key = `seed${seed}-rows${rows}-v${GENERATOR_VERSION}-${fingerprint}`;
  const dir = join(root, key);
  const files = Object.fromEntries(TABLES.map((t) => [t, join(dir, `${t}.tsv`)])) as Record<TableName, string>;
  if (await exists(join(dir, MANIFEST))) return { files, generated: false };

  await mkdir(root, { recursive: true });
  // Written aside and renamed into place, so a concurrent or interrupted run never sees half a dataset.
  const tmp = join(root, `.${key}.${process.pid}.${randomBytes(4).toString("hex")}`);
  await mkdir(tmp);
  try {
    const dataset = generateDataset({ seed, rows });
    for (const table of TABLES) await writeFile(join(tmp, `${table}.tsv`), toLoadData(dataset, table));
    await writeFile(
      join(tmp, MANIFEST),
      `${JSON.stringify({ seed, rows, version: GENERATOR_VERSION, fingerprint })}\n`,
    );
    await rename(tmp, dir).catch(async (error: unknown) => {
      if (!(await exists(join(dir, MANIFEST)))) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  await pruneStale(root, fingerprint);
  return { files, generated: true };
}

/** Datasets of older generator sources are never read again; dropping them keeps the cache small. */
async function pruneStale(root: string, fingerprint: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (name.startsWith("seed") && !name.endsWith(`-${fingerprint}`)) {
      await rm(join(root, name), { recursive: true, force: true });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
