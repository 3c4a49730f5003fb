/**
 * A small model of Kafka's `ConfigDef`: typed keys, defaults, validators and its exact error wording. A component
 * declares its keys once, with their defaults, and reads every setting through the declaration.
 */

export type ConfigType = "STRING" | "INT" | "LONG" | "BOOLEAN" | "CLASS" | "LIST" | "PASSWORD" | "DOUBLE";
export type Importance = "HIGH" | "MEDIUM" | "LOW";

export interface ConfigKey {
  name: string;
  type: ConfigType;
  /** `undefined` = required (no default). */
  default?: string | null;
  importance: Importance;
  documentation: string;
  group: string;
  order: number;
  width: "NONE" | "SHORT" | "MEDIUM" | "LONG";
  displayName: string;
  dependents?: string[];
  recommended?: string[];
  /** Returns an error message for a parsed value, or undefined. */
  validate?: (value: string, all: Record<string, string>) => string | undefined;
}

export function atLeast(min: number): (v: string) => string | undefined {
  return (v) => (Number(v) < min ? `Value must be at least ${min}` : undefined);
}

export function between(min: number, max: number): (v: string) => string | undefined {
  return (v) =>
    Number(v) < min
      ? `Value must be at least ${min}`
      : Number(v) > max
        ? `Value must be no more than ${max}`
        : undefined;
}

export function oneOf(values: string[], caseInsensitive = false): (v: string) => string | undefined {
  return (v) => {
    const ok = caseInsensitive ? values.some((x) => x.toLowerCase() === v.toLowerCase()) : values.includes(v);
    return ok ? undefined : `String must be one of: ${values.join(", ")}`;
  };
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** Type parsing as ConfigDef.parseType does for string input; returns an error message on failure. */
function typeError(key: ConfigKey, raw: string): string | undefined {
  const v = raw.trim();
  const bad = (what: string): string => `Invalid value ${raw} for configuration ${key.name}: ${what}`;
  switch (key.type) {
    case "INT":
      if (!/^[+-]?\d+$/.test(v) || Number(v) < INT_MIN || Number(v) > INT_MAX) return bad("Not a number of type INT");
      return undefined;
    case "LONG":
      if (!/^[+-]?\d+$/.test(v) || BigInt(v) < -(2n ** 63n) || BigInt(v) >= 2n ** 63n) {
        return bad("Not a number of type LONG");
      }
      return undefined;
    case "DOUBLE":
      return Number.isNaN(Number(v)) || v === "" ? bad("Not a number of type DOUBLE") : undefined;
    case "BOOLEAN":
      return /^(true|false)$/i.test(v) ? undefined : bad("Expected value to be either true or false");
    default:
      return undefined;
  }
}

export interface ConfigValue {
  name: string;
  value: string | null;
  errors: string[];
}

/** Validates `config` against `keys`: one ConfigValue per key, errors in ConfigDef's words. */
export function validateConfig(keys: readonly ConfigKey[], config: Record<string, string | null>): ConfigValue[] {
  const parsed: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (v !== null) parsed[k] = v;
  return keys.map((key) => {
    const raw = Object.hasOwn(config, key.name) ? config[key.name] : undefined;
    const errors: string[] = [];
    let value: string | null = null;
    if (raw === null) errors.push("Null value can not be supplied as the configuration value.");
    else if (raw === undefined) {
      if (key.default === undefined)
        errors.push(`Missing required configuration "${key.name}" which has no default value.`);
      else value = key.default;
    } else {
      value = raw;
      const typeMsg = typeError(key, raw);
      if (typeMsg) errors.push(typeMsg);
    }
    if (errors.length === 0 && value !== null && key.validate) {
      const msg = key.validate(key.type === "STRING" || key.type === "CLASS" ? value : value.trim(), parsed);
      if (msg) errors.push(`Invalid value ${value} for configuration ${key.name}: ${msg}`);
    }
    return { name: key.name, value, errors };
  });
}

/**
 * The configuration as `ConfigDef.parse` leaves it: the given values, and every declared key that has a default
 * and was not given, at that default. Keys without a default (required ones) are absent unless given.
 */
export function withDefaults(keys: readonly ConfigKey[], config: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) if (key.default !== undefined && key.default !== null) out[key.name] = key.default;
  return Object.assign(out, config);
}
