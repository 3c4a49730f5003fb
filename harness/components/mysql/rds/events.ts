export type RdsEvent =
  /** What the client logged in with (never its password). */
  | { type: "login"; user: string; database?: string }
  /** A COM_QUERY whose result set had zero rows. */
  | { type: "empty-result"; sql: string }
  /** A COM_QUERY answered with an ERR packet. */
  | { type: "query-error"; sql: string; code: number; message: string };
