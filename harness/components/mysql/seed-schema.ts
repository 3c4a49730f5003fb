import { readFile } from "node:fs/promises";
import { projectPath } from "../../paths.ts";

const SCHEMA_FILE = projectPath("fixtures", "schema.sql");

/** The statements of fixtures/schema.sql (the one place the DDL lives), without comments. */
export async function schemaStatements(): Promise<string[]> {
  const text = await readFile(SCHEMA_FILE, "utf8");
  return text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");
}
