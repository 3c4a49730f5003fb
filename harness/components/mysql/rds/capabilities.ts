/** Capability flags of the MySQL client/server protocol (the low 32 bits both sides exchange). */
export const Capability = {
  /** MariaDB reads this bit as "a MySQL client": when it is set, the reserved bytes carry no extended flags. */
  LongPassword: 0x1,
  ConnectWithDb: 0x8,
  Compress: 0x20,
  LocalFiles: 0x80,
  Protocol41: 0x200,
  Ssl: 0x800,
  SecureConnection: 0x8000,
  MultiStatements: 0x10000,
  MultiResults: 0x20000,
  PluginAuth: 0x80000,
  ConnectAttrs: 0x100000,
  PluginAuthLenencClientData: 0x200000,
  SessionTrack: 0x800000,
  DeprecateEof: 0x1000000,
  OptionalResultsetMetadata: 0x2000000,
  ZstdCompression: 0x4000000,
  QueryAttributes: 0x8000000,
} as const;

/** MariaDB's capabilities 32–63, shifted down: they travel in the last 4 reserved bytes of both handshakes. */
export const MariadbCapability = {
  Progress: 0x1,
  ComMulti: 0x2,
  StmtBulkOperations: 0x4,
  ExtendedMetadata: 0x8,
  CacheMetadata: 0x10,
} as const;

/** Server status flags (OK and EOF packets). */
export const ServerStatus = {
  MoreResultsExist: 0x8,
} as const;

export const NATIVE_PASSWORD_PLUGIN = "mysql_native_password";

export function has(flags: number, flag: number): boolean {
  return (flags & flag) !== 0;
}

/** Bitwise results stay unsigned: bit 31 is a valid flag and must not turn the value negative. */
export function unsigned(flags: number): number {
  return flags >>> 0;
}
