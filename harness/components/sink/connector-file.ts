import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { parseProperties } from "../../java/properties.ts";
import { ErrorCode, PinpipeError } from "../../errors.ts";

export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

function stringMap(v: unknown, file: string): Record<string, string> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `${file}: the connector configuration must be a JSON object of strings`,
    );
  }
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = typeof x === "string" ? x : JSON.stringify(x);
  return out;
}

/**
 * Reads a connector definition in any of the forms users keep one in: a Connect `.properties` file, the
 * `POST /connectors` JSON (`{"name","config"}`), a flat JSON config map, or MSK Connect's CreateConnector JSON
 * (`connectorName` + `connectorConfiguration`). The name falls back to the file's base name.
 */
export function parseConnectorDefinition(text: string, file: string): ConnectorDefinition {
  const fallback = basename(file, extname(file));
  if (extname(file) === ".properties") {
    const config = parseProperties(text);
    return { name: config.name ?? fallback, config: { ...config, name: config.name ?? fallback } };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PinpipeError(
      ErrorCode.InvalidOption,
      `${file} is neither a .properties file nor valid JSON; fix its syntax`,
      { cause },
    );
  }
  const o = json as Record<string, unknown>;
  if (o && typeof o === "object" && "connectorConfiguration" in o) {
    const config = stringMap(o.connectorConfiguration, file);
    const name = typeof o.connectorName === "string" ? o.connectorName : (config.name ?? fallback);
    return { name, config: { ...config, name } };
  }
  if (o && typeof o === "object" && "config" in o) {
    const config = stringMap(o.config, file);
    const name = typeof o.name === "string" ? o.name : (config.name ?? fallback);
    return { name, config: { ...config, name } };
  }
  const config = stringMap(o, file);
  const name = config.name ?? fallback;
  return { name, config: { ...config, name } };
}

export async function loadConnectorFile(file: string): Promise<ConnectorDefinition> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new PinpipeError(ErrorCode.InvalidOption, `cannot read connector file ${file}: check the path`, { cause });
  }
  return parseConnectorDefinition(text, file);
}

/** Replaces `${userId}` and `${bucket}` placeholders in a fixture definition. */
export function instantiate(def: ConnectorDefinition, vars: Record<string, string>): ConnectorDefinition {
  const sub = (s: string): string => s.replace(/\$\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(def.config)) config[k] = sub(v);
  return { name: sub(def.name), config };
}
