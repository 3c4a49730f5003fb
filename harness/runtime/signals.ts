const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Resolves at the first SIGINT or SIGTERM, then stops listening: a server command runs until it is asked to stop,
 * and stops its server itself, so it exits with its own code rather than by the signal's default action.
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
      resolve(signal);
    };
    for (const s of STOP_SIGNALS) process.on(s, onSignal);
  });
}
