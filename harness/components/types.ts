/** What every started component offers, beside its own post-start facts. */
export interface StartedComponent extends AsyncDisposable {
  /** Graceful stop; idempotent. */
  stop(): Promise<void>;
  /** Hard kill, as a crash would; for fault specs. */
  kill(): Promise<void>;
}

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
