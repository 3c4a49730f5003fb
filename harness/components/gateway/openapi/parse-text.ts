import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { malformed } from "./place.ts";

/**
 * The export's text as data. The console and `aws apigateway get-export` write JSON or YAML (`--accepts
 * application/yaml`); the extension says which, and a file with another one is JSON when it starts like JSON.
 */
export function parseExportText(text: string, file: string): unknown {
  const source = text.replace(/^\uFEFF/, "");
  const extension = extname(file).toLowerCase();
  const json = extension === ".json" || (extension !== ".yaml" && extension !== ".yml" && /^\s*\{/.test(source));
  if (json) {
    try {
      return JSON.parse(source) as unknown;
    } catch (cause) {
      throw malformed({ file }, `is not valid JSON (${(cause as Error).message})`, cause);
    }
  }
  try {
    return parseYaml(source) as unknown;
  } catch (cause) {
    throw malformed({ file }, `is not valid YAML (${(cause as Error).message})`, cause);
  }
}
