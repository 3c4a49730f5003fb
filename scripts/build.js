// Builds dist/, what the published package runs: the harness compiled to JavaScript (with the fixture
// generator it imports), .d.ts files for the modules `exports` reaches, and the files the harness reads or runs
// next to its own code (Python hooks, plain-JavaScript child processes). A checkout never needs it: it runs
// the sources.
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
// The public entry points, as package.json `exports` names them.
const ENTRIES = ["harness/index.ts", "harness/testing/index.ts"].map((file) => join(root, file));

function fail(diagnostics) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.stderr.write("build: failed; dist/ is incomplete\n");
  process.exit(1);
}

const parsed = ts.getParsedCommandLineOfConfigFile(
  join(root, "tsconfig.build.json"),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic]) },
);
if (parsed.errors.length > 0) fail(parsed.errors);

const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
// Every error tsc would report, except declaration emit's, which only the public modules' must pass (below).
const errors = [
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program.getSyntacticDiagnostics(),
  ...program.getSemanticDiagnostics(),
];
if (errors.length > 0) fail(errors);

// Typings only for what the entry points reach: the command line's own modules are nobody's import, so they
// need not be expressible as .d.ts (parse-only: this second program reuses the first one's files).
const reached = ts.createProgram({ rootNames: ENTRIES, options: parsed.options, oldProgram: program });
const publicModules = new Set(reached.getSourceFiles().map((file) => file.fileName));
const sourceOf = (outFile) => join(root, relative(dist, outFile)).replace(/\.d\.ts$/, ".ts");

rmSync(dist, { recursive: true, force: true });
const emitted = program.emit(undefined, (file, text, bom) => {
  if (file.endsWith(".d.ts") && !publicModules.has(sourceOf(file))) return;
  ts.sys.writeFile(file, text, bom);
});
const emitErrors = emitted.diagnostics.filter((d) => d.file === undefined || publicModules.has(d.file.fileName));
if (emitErrors.length > 0) fail(emitErrors);

// A plain-JavaScript file that loads the TypeScript sources (their bundle, or the tsx loader) only serves runs from
// source.
const isLoaderShim = (file) =>
  file.endsWith(".js") && /tsx\/esm\/api|source-bundle\.js/.test(readFileSync(file, "utf8"));

let copied = 0;
for (const entry of readdirSync(join(root, "harness"), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith(".ts")) continue;
  const file = join(entry.parentPath, entry.name);
  if (isLoaderShim(file)) continue;
  cpSync(file, join(dist, relative(root, file)));
  copied += 1;
}
process.stdout.write(`build: dist/ has the compiled harness, its public typings and ${copied} other file(s)\n`);
