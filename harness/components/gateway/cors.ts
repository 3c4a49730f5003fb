import type { CorsSetup, MethodSetup } from "./setup.ts";

/** What the console's "Enable CORS" puts in `Access-Control-Allow-Headers`. */
export const CONSOLE_CORS_HEADERS = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token";

/**
 * The OPTIONS method "Enable CORS" adds: a MOCK integration answering 200 with static Access-Control-* values, so
 * preflights never reach the backend. Normal responses get nothing; with a proxy integration the backend owns CORS.
 */
export function corsOptionsMethod(cors: CorsSetup, verbs: readonly string[]): MethodSetup {
  return {
    integration: {
      type: "MOCK",
      statusCode: 200,
      headers: {
        "Access-Control-Allow-Headers": cors.allowHeaders ?? CONSOLE_CORS_HEADERS,
        "Access-Control-Allow-Methods": cors.allowMethods ?? verbs.join(","),
        "Access-Control-Allow-Origin": cors.allowOrigin ?? "*",
      },
    },
  };
}
