import { config } from "../config.ts";

export type ProgressSink = (line: string) => void;

/** Progress lines go to stderr so that `--json` output on stdout stays machine-readable. */
export const progress: ProgressSink = (line) => {
  if (!config().quiet) process.stderr.write(`pinpipe: ${line}\n`);
};

export const silent: ProgressSink = () => {};
