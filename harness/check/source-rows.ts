import mysql, { type Connection, type RowDataPacket } from "mysql2/promise";
import type { StackInfo } from "../stack-info.ts";
import type { Ack } from "./acks.ts";
import { finding, FindingCode } from "./finding-codes.ts";
import type { Finding } from "./types.ts";

/** Which table a topic's records come from, and the column that names the row. */
const SOURCES: Record<string, { table: string; key: string }> = {
  pin: { table: "pinterest_data", key: "index" },
  geo: { table: "geolocation_data", key: "ind" },
  user: { table: "user_data", key: "ind" },
};

/** How emulators in the wild write a DATETIME; the first is what `json.dumps(..., default=str)` gives. */
const DATETIME_FORMS: Array<[string, (iso: string) => string]> = [
  ["default=str", (s) => s],
  ["isoformat()", (s) => s.replace(" ", "T")],
  ["%Y:%m:%d %H:%M:%S", (s) => s.replace(/^(\d{4})-(\d{2})-(\d{2})/, "$1:$2:$3")],
  ["%m/%d/%Y, %H:%M:%S", (s) => s.replace(/^(\d{4})-(\d{2})-(\d{2}) /, "$2/$3/$1, ")],
];

function sameNumber(a: number, b: number): boolean {
  // FLOAT columns come back with 6 significant digits; the emulator sends what its driver printed.
  return a === b || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
}

/** Compares one sent field with its source column; returns the datetime form used, or a mismatch. */
function compareField(sent: unknown, source: unknown): { ok: boolean; form?: string } {
  if (typeof source === "number") return { ok: typeof sent === "number" && sameNumber(sent, source) };
  if (typeof source === "string" && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(source)) {
    const form = DATETIME_FORMS.find(([, format]) => format(source) === sent);
    return form ? { ok: true, form: form[0] } : { ok: false };
  }
  return { ok: sent === source };
}

/** A value a client sent, and where the report finds it (an offset, a sequence number). */
export interface SentValue {
  value: unknown;
  where: string;
}

/** The table kind a topic (`<uid>.pin`) or a stream (`streaming-<uid>-pin`) takes its rows from. */
export function sourceKind(name: string): string | undefined {
  return /(?:^|[.-])(pin|geo|user)$/.exec(name)?.[1];
}

/** Why a value is not a row, in words that point at the likely mistake. */
function notARowMessage(value: unknown, source: { table: string; key: string }): string {
  if (typeof value === "string") {
    let inner: unknown;
    try {
      inner = JSON.parse(value);
    } catch {
      inner = undefined;
    }
    if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) {
      return (
        `the value is a JSON string that holds a ${source.table} row: it was encoded twice (json.dumps of the row, ` +
        "then of the body); send the row itself"
      );
    }
  }
  return `the value is not one ${source.table} row with a numeric \`${source.key}\` (a list, a wrapper or renamed fields?)`;
}

/**
 * Checks that each acknowledged record is a row of the source table, unchanged, and notes how datetimes were
 * written, since the downstream Spark code parses only the forms it was written for.
 */
export async function checkSourceRows(db: StackInfo["mysql"], topic: string, acks: readonly Ack[]): Promise<Finding[]> {
  return checkSourceValues(
    db,
    sourceKind(topic),
    acks.map((ack) => ({ value: ack.value, where: `offset ${ack.offset}` })),
  );
}

/**
 * The same for any values of one table kind (`pin`, `geo`, `user`): the Kafka half's record values and the
 * streaming half's record data are held to their rows alike.
 */
export async function checkSourceValues(
  db: StackInfo["mysql"],
  kind: string | undefined,
  sent: readonly SentValue[],
): Promise<Finding[]> {
  const source = kind === undefined ? undefined : SOURCES[kind];
  if (!source || sent.length === 0) return [];
  const findings: Finding[] = [];
  // Opened at the first row to look up: values that are no row at all need no database.
  let connection: Connection | undefined;
  try {
    const forms = new Set<string>();
    for (const { value: sentValue, where } of sent) {
      const value = sentValue as Record<string, unknown> | null;
      const id = value && typeof value === "object" && !Array.isArray(value) ? value[source.key] : undefined;
      if (typeof id !== "number") {
        findings.push(finding(FindingCode.NotARow, { message: notARowMessage(sentValue, source), where }));
        continue;
      }
      connection ??= await mysql.createConnection({ ...db, dateStrings: true, supportBigNumbers: true });
      const [rows] = await connection.query<RowDataPacket[]>(
        `SELECT * FROM \`${source.table}\` WHERE \`${source.key}\` = ? LIMIT 1`,
        [id],
      );
      const row = rows[0];
      if (!row) {
        findings.push(finding(FindingCode.NoSourceRow, { message: `no ${source.table} row ${id}`, where }));
        continue;
      }
      const differing = Object.keys(row).filter((column) => {
        const result = compareField(value?.[column], row[column]);
        if (result.form) forms.add(result.form);
        return !result.ok;
      });
      const extra = Object.keys(value ?? {}).filter((field) => !(field in row));
      if (differing.length > 0 || extra.length > 0) {
        findings.push(
          finding(FindingCode.NotTheSourceRow, {
            message: `differs from ${source.table} row ${id} in ${[...differing, ...extra.map((f) => `+${f}`)].join(", ")}`,
            where,
          }),
        );
      }
    }
    for (const form of forms) {
      if (form !== "default=str") {
        findings.push(
          finding(FindingCode.DatetimeForm, {
            message: `datetimes were sent as ${form}, not as default=str gives them; Spark's to_timestamp needs a matching pattern`,
          }),
        );
      }
    }
  } finally {
    await connection?.end();
  }
  return findings;
}
