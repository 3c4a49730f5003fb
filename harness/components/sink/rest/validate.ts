import { ALL_KEYS, CONNECTOR_CLASS, validateConnectorConfig } from "../connector-config.ts";

const PLUGIN_NAMES = new Set([CONNECTOR_CLASS, "S3SinkConnector", "S3Sink"]);

export function isS3SinkPlugin(name: string): boolean {
  return PLUGIN_NAMES.has(name);
}

/** The `PUT /connector-plugins/{p}/config/validate` body: every key's definition and value, errors counted. */
export function validationResult(config: Record<string, string | null>): unknown {
  const values = validateConnectorConfig(config);
  const groups = [...new Set(ALL_KEYS.map((k) => k.group))];
  const configs = ALL_KEYS.map((key, i) => {
    const v = values[i] as (typeof values)[number];
    return {
      definition: {
        name: key.name,
        type: key.type,
        required: key.default === undefined,
        default_value: key.default === undefined ? null : key.default,
        importance: key.importance,
        documentation: key.documentation,
        group: key.group,
        order: key.order,
        width: key.width,
        display_name: key.displayName,
        dependents: key.dependents ?? [],
      },
      value: {
        name: key.name,
        value: key.type === "PASSWORD" && v.value !== null && v.value !== "" ? "[hidden]" : v.value,
        recommended_values: key.recommended ?? [],
        errors: v.errors,
        visible: true,
      },
    };
  });
  return {
    name: CONNECTOR_CLASS,
    error_count: values.reduce((n, v) => n + v.errors.length, 0),
    groups,
    configs,
  };
}
