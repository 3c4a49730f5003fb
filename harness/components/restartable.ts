import type { Restartable } from "./types.ts";

/** One run of a component, from a start to its end: a process, a thread, a set of processes. */
export interface Run {
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** False once the run has ended by itself (its process exited): `running` says so, and `start()` starts anew. */
  alive?(): boolean;
}

/**
 * A handle whose facts (host, port, credentials) stay and whose runs come and go: `first` is the run that the
 * component's start function made, `launch` makes each later one in place. Start, stop and kill are taken one
 * after another, so a start() called during a stop() starts after it; only a kill() during a stop() acts at once,
 * because a crash does not wait for a shutdown to finish.
 *
 * `release`, when given, is what a start in place needs kept until the handle is disposed of (a stopped container):
 * disposing stops, then releases it; `stop()` alone keeps it.
 */
export function restartable<Facts extends object>(
  facts: Facts,
  first: Run,
  launch: () => Promise<Run>,
  release?: () => Promise<void>,
): Facts & Restartable & AsyncDisposable {
  let current: Run | undefined = first;
  let stopping: Run | undefined;
  let last: Promise<void> = Promise.resolve();
  const inTurn = (step: () => Promise<void>): Promise<void> => {
    const next = last.catch(() => undefined).then(step);
    last = next;
    return next;
  };
  const alive = (run: Run | undefined): boolean => run !== undefined && (run.alive?.() ?? true);

  const stop = (): Promise<void> =>
    inTurn(async () => {
      const run = current;
      current = undefined;
      if (!run) return;
      stopping = run;
      try {
        await run.stop();
      } finally {
        stopping = undefined;
      }
    });
  const kill = async (): Promise<void> => {
    const cutShort = stopping?.kill();
    await Promise.all([
      cutShort,
      inTurn(async () => {
        const run = current;
        current = undefined;
        await run?.kill();
      }),
    ]);
  };
  const start = (): Promise<void> =>
    inTurn(async () => {
      if (alive(current)) return;
      // A run that ended by itself may have left files (a socket) or a thread behind: end it for good first.
      await current?.kill();
      current = undefined;
      current = await launch();
    });

  const dispose = async (): Promise<void> => {
    try {
      await stop();
    } finally {
      await release?.();
    }
  };
  const handle = { ...facts, start, stop, kill, [Symbol.asyncDispose]: release ? dispose : stop };
  Object.defineProperty(handle, "running", { get: () => alive(current), enumerable: true });
  return handle as Facts & Restartable & AsyncDisposable;
}
