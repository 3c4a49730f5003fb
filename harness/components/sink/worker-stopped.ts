import { ErrorCode, PinpipeError } from "../../errors.ts";

/** A connector asked for while the Connect worker is stopped, in either runtime: the worker must be started first. */
export function workerNotRunning(connector: string): PinpipeError {
  return new PinpipeError(
    ErrorCode.ProcessExited,
    `sink: connector ${connector} cannot be created: the worker is not running; start() it first`,
    { context: { component: "sink", connector } },
  );
}
