import { outputTail, runToCompletion } from "../../runtime/run-command.ts";
import { ErrorCode, PinpipeError } from "../../errors.ts";

const MARKER = "PINPIPE-MISSING ";

// find_spec on a top-level name locates the module without importing (running) it.
const PROGRAM = [
  "import importlib.util, json, sys",
  "names = json.loads(sys.argv[1])",
  `print(${JSON.stringify(MARKER)} + json.dumps([n for n in names if importlib.util.find_spec(n) is None]))`,
].join("\n");

/** The modules among `modules` that `python` (a virtualenv's) cannot import. */
export async function unimportable(python: string, modules: readonly string[]): Promise<string[]> {
  if (modules.length === 0) return [];
  // -I: the working directory's files must not pass for installed modules.
  const result = await runToCompletion(python, ["-I", "-c", PROGRAM, JSON.stringify(modules)]);
  const line = result.output.split("\n").find((text) => text.startsWith(MARKER));
  if (result.code !== 0 || line === undefined) {
    throw new PinpipeError(
      ErrorCode.ProvisionFailed,
      `${python} could not check which modules it has (exit ${result.code}): delete its virtualenv to rebuild it.\n` +
        outputTail(result.output),
      { context: { python, modules } },
    );
  }
  return JSON.parse(line.slice(MARKER.length)) as string[];
}
