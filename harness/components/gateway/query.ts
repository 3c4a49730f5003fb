/** One query parameter after the gateway decoded it; `value` is undefined for a bare `?flag`. */
export interface QueryParam {
  name: string;
  value: string | undefined;
}

function formDecode(text: string): string {
  // REST APIs decode like a form: `+` is a space and `%2B` a plus, measured on AWS.
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

export function parseQuery(rawQuery: string | undefined): QueryParam[] {
  if (rawQuery === undefined || rawQuery === "") return [];
  const params: QueryParam[] = [];
  for (const piece of rawQuery.split("&")) {
    if (piece === "") continue;
    const equals = piece.indexOf("=");
    params.push(
      equals < 0
        ? { name: formDecode(piece), value: undefined }
        : { name: formDecode(piece.slice(0, equals)), value: formDecode(piece.slice(equals + 1)) },
    );
  }
  return params;
}

/**
 * Re-encodes decoded parameters for the integration request, keeping order and repeats. The exact encoding AWS
 * uses is unverified; percent-encoding every reserved character keeps the decoded values intact for any backend.
 */
export function encodeQuery(params: QueryParam[]): string {
  return params
    .map(({ name, value }) =>
      value === undefined ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
    )
    .join("&");
}

/** Single-value view: a repeated key yields its last value, as `method.request.querystring.*` does. */
export function lastValue(params: QueryParam[], name: string): string | undefined {
  let found: string | undefined;
  for (const param of params) if (param.name === name) found = param.value ?? "";
  return found;
}
