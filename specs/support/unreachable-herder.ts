import { afterAll } from "vitest";
import { Herder, createConnectServer, type ConnectServer } from "../../harness/components/sink/index.ts";
import { silentSinkLogger } from "../../harness/components/sink/log.ts";

/**
 * A Connect REST API over a herder whose Kafka and S3 nothing listens on, closed after the file: for specs of the
 * REST shapes, which do not depend on tasks (those fail in the background).
 */
export function connectApiWithoutBackends(): ConnectServer["handle"] {
  const herder = new Herder({
    bootstrapServers: "127.0.0.1:1",
    s3: { endpoint: "http://127.0.0.1:1", region: "us-east-1", accessKeyId: "a", secretAccessKey: "b" },
    logger: silentSinkLogger,
  });
  afterAll(() => herder.close());
  return createConnectServer(herder).handle;
}
