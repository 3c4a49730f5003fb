import { readFile } from "node:fs/promises";

const SCHEMA_URL = new URL("../../../fixtures/schema.sql", import.meta.url);

/** The statements of fixtures/schema.sql (the one place the DDL lives), without comments. */
export async function schemaStatements(): Promise<string[]> {
  const text = await readFile(SCHEMA_URL, "utf8");
  return text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");
}
