import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { projectPath } from "../../../harness/paths.ts";

interface Loaded {
  value: string;
  url: string;
  helperUrl: string;
}

/**
 * A checkout of its own: the loader at its place under harness/, an entry module and a helper it imports, and a
 * node_modules holding only esbuild, so the bundles are written there and not into this project's cache.
 */
function checkout(): { root: string; load(): Promise<Loaded>; bundles(): string[] } {
  const root = mkdtempSync(join(tmpdir(), "pinpipe-source-bundle-"));
  mkdirSync(join(root, "harness", "runtime"), { recursive: true });
  cpSync(projectPath("harness", "runtime", "source-bundle.js"), join(root, "harness", "runtime", "source-bundle.js"));
  writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
  mkdirSync(join(root, "node_modules"));
  symlinkSync(projectPath("node_modules", "esbuild"), join(root, "node_modules", "esbuild"));
  writeFileSync(
    join(root, "harness", "helper.ts"),
    "export const helperUrl: string = import.meta.url;\nexport const word = (w: string): string => `${w}!`;\n",
  );
  writeFileSync(
    join(root, "harness", "entry.ts"),
    'import { helperUrl, word } from "./helper.ts";\n' +
      'export const value: string = word("one");\nexport const url: string = import.meta.url;\nexport { helperUrl };\n',
  );
  const loader = pathToFileURL(join(root, "harness", "runtime", "source-bundle.js")).href;
  const entry = pathToFileURL(join(root, "harness", "entry.ts")).href;
  return {
    root,
    load: async () => {
      const { importFromSource } = (await import(loader)) as {
        importFromSource(url: string): Promise<Loaded>;
      };
      return importFromSource(entry);
    },
    bundles: () =>
      readdirSync(join(root, "node_modules", ".cache", "pinpipe", "bundles")).filter((n) => !n.endsWith(".json")),
  };
}

describe("loading the checkout's TypeScript from bundles", () => {
  it("bundles an entry with what it imports, keeping each file's own import.meta.url", async () => {
    const c = checkout();
    const loaded = await c.load();
    expect(loaded.value).toBe("one!");
    expect(loaded.url).toBe(pathToFileURL(join(c.root, "harness", "entry.ts")).href);
    expect(loaded.helperUrl).toBe(pathToFileURL(join(c.root, "harness", "helper.ts")).href);
    expect(c.bundles()).toEqual([expect.stringMatching(/^harness-entry-[0-9a-f]{16}$/)]);
  });

  it("uses the bundle while its sources are unchanged, and makes a new one after an edit of any of them", async () => {
    const c = checkout();
    await c.load();
    const [first] = c.bundles();
    await c.load();
    expect(c.bundles()).toEqual([first]);

    const helper = join(c.root, "harness", "helper.ts");
    writeFileSync(helper, readFileSync(helper, "utf8").replace("`${w}!`", "`${w}?`"));
    // A later modification time, as an editor's save gives, even within the file system's time resolution.
    const later = new Date(Date.now() + 5_000);
    utimesSync(helper, later, later);
    const edited = await c.load();
    expect(edited.value).toBe("one?");
    expect(c.bundles()).toHaveLength(2);
    expect(c.bundles()).toContain(first);
  });
});
