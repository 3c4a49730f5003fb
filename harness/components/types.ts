/**
 * Something a fault can end and bring back: a component, or one node of it (a Kafka broker).
 *
 * "In place" is what `start()` promises after `stop()` or `kill()`: the same host and port, the same files (data
 * directories, logs appended to, not replaced), the same credentials and settings, so every other component and
 * every client that holds its address works again once it is back, as with a service that restarts on its machine.
 * What it had stored is still there (rows and users; topics, records, offsets and groups; objects; the connectors
 * created through the handle); what lived only in its memory is gone, as after a real restart. Nothing is
 * installed, formatted or seeded again.
 */
export interface Restartable {
  /** False from the moment `stop()` or `kill()` is taken up (or the process ended by itself) until `start()` is done. */
  readonly running: boolean;
  /** Starts again what `stop()` or `kill()` ended, in place; resolves once it is ready, as the first start did. No-op while it runs. */
  start(): Promise<void>;
  /** Graceful stop; idempotent; works again after `start()`. */
  stop(): Promise<void>;
  /**
   * Hard kill, exactly as a crash would: no flush, no commit, no goodbye to a group (processes get SIGKILL, threads
   * end where they stand). Cuts short a graceful stop under way. For fault specs.
   */
  kill(): Promise<void>;
}

/**
 * What every started component offers, beside its own post-start facts. `start`, `stop` and `kill` are taken one
 * after another, in the order they were called.
 */
export interface StartedComponent extends AsyncDisposable, Restartable {}

/** A component that is an HTTP server: where it answers. */
export interface StartedServer extends StartedComponent {
  url: string;
  host: string;
  port: number;
}

/** Where a component keeps its files and logs for one stack. */
export interface ComponentPlacement {
  /** The stack's own directory; the component makes a subfolder. */
  stackDir: string;
  /** `.pinpipe/logs` by default: `<component>.log` goes here. */
  logDir: string;
  cacheDir: string;
}
