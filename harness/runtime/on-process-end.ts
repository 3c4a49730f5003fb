const END_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs `cleanup` (synchronous) when this process ends: on exit, and on Ctrl-C or a termination signal, after which
 * the signal takes its default course unless another handler is still there to decide. Returns what takes the
 * cleanup back, once it was done the normal way.
 */
export function onProcessEnd(cleanup: () => void): () => void {
  const handlers = new Map<NodeJS.Signals, () => void>();
  const release = (): void => {
    process.off("exit", cleanup);
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  process.once("exit", cleanup);
  for (const signal of END_SIGNALS) {
    const handler = (): void => {
      release();
      cleanup();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    handlers.set(signal, handler);
    process.on(signal, handler);
  }
  return release;
}
