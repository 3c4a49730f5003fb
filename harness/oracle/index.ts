/**
 * The differential oracle: the real Java libraries under the REST proxy and the S3 sink, run in one JVM, answering
 * what bytes the real servers would write for given inputs. Specs hold pinpipe's own components to it, and
 * `pinpipe check` uses it for the expected S3 line in the native runtime.
 */
import { JavaOracle } from "./client.ts";
import { provisionOracle } from "./provision.ts";

export { JavaOracle, type OracleAnswer, type OracleQuestion } from "./client.ts";
export { ORACLE_LIBRARIES, provisionOracle, type OracleCommand } from "./provision.ts";

/** Builds the oracle if the cache lacks it and starts its JVM. */
export async function startOracle(cacheDir: string): Promise<JavaOracle> {
  return new JavaOracle(await provisionOracle(cacheDir));
}
