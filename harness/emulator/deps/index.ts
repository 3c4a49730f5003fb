/** What an emulator script needs from Python, found from its imports, and the virtualenv that provides it. */
export { analyzeEmulator, type AnalyzeOptions, type EmulatorNeeds } from "./analyze.ts";
export { ensureEmulatorEnv, type EmulatorEnv, type EmulatorEnvOptions } from "./ensure-env.ts";
export { pythonTooOldError, type PythonTooOld } from "./too-old.ts";
