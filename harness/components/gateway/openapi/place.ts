import { ErrorCode, PinpipeError } from "../../../errors.ts";

/** Where in an export a finding is: the file, and the resource path and method when it is about one method. */
export interface Place {
  file: string;
  path?: string;
  /** As the gateway names methods: `GET`, `ANY`. */
  method?: string;
}

/** `api.json` or `api.json, PUT /streams/{stream-name}/record`: how every message names the place. */
export function describePlace(place: Place): string {
  if (place.path === undefined) return place.file;
  return `${place.file}, ${place.method === undefined ? "" : `${place.method} `}${place.path}`;
}

function error(place: Place, message: string, cause?: unknown): PinpipeError {
  const context: Record<string, unknown> = { component: "gateway", file: place.file };
  if (place.path !== undefined) context.path = place.path;
  if (place.method !== undefined) context.method = place.method;
  return new PinpipeError(ErrorCode.InvalidOption, `${describePlace(place)}: ${message}`, { context, cause });
}

/** Something API Gateway would serve but pinpipe's gateway cannot: `what` says what, and what to do about it. */
export function unsupported(place: Place, what: string): PinpipeError {
  return error(place, what);
}

/** Something no API Gateway export holds: the file is not (or no longer) what the console or the CLI wrote. */
export function malformed(place: Place, what: string, cause?: unknown): PinpipeError {
  return error(
    place,
    `${what}; give the REST API's export as the console or \`aws apigateway get-export\` writes it`,
    cause,
  );
}
