import { join } from "node:path";
import { startNativeKafka } from "../components/kafka/index.ts";
import { startNativeMysql } from "../components/mysql/index.ts";
import { openRestProxyThread, startRestProxy } from "../components/rest-proxy/index.ts";
import { startNativeS3 } from "../components/s3/index.ts";
import { openSinkThread, startSink } from "../components/sink/index.ts";
import type { ComponentStarters, StarterContext } from "./types.ts";

/**
 * Native processes from Debian and Maven Central, and pinpipe's own REST proxy and sink on threads of this process.
 * Each handle's `start()` runs its component again in place with what it got the first time (ports, also those a
 * 0 asked to be picked, files, keys), so a restart needs nothing more from here.
 */
export function nativeStarters(context: StarterContext): ComponentStarters {
  const { placement } = context;
  // The REST proxy's and the sink's threads load their modules while Kafka and S3 start.
  const threads = { restProxy: openRestProxyThread(), sink: openSinkThread() };
  return {
    mysql: () => startNativeMysql(placement),
    kafka: () => startNativeKafka({ ...placement, ...context.kafka }),
    s3: () => startNativeS3({ ...placement, bucket: context.bucket }),
    restProxy: (kafka, links) =>
      startRestProxy(
        {
          bootstrapServers: kafka.bootstrapServers,
          port: context.restProxyPort,
          properties: context.restProxyProperties,
          logFile: join(placement.logDir, "rest-proxy.log"),
          ...(links?.kafka && { kafkaRoutes: links.kafka }),
        },
        threads.restProxy,
      ),
    sink: (kafka, s3, links) =>
      startSink(
        {
          bootstrapServers: kafka.bootstrapServers,
          ...(links?.kafka && { kafkaRoutes: links.kafka }),
          s3: {
            endpoint: links?.s3Endpoint ?? s3.endpoint,
            region: s3.region,
            accessKeyId: s3.accessKeyId,
            secretAccessKey: s3.secretAccessKey,
          },
          port: 0,
          logFile: join(placement.logDir, "sink.log"),
        },
        threads.sink,
      ),
    // Threads a failed start never got to are ended; started ones belong to their handles.
    close: async () => {
      await Promise.all([threads.restProxy.close(), threads.sink.close()]);
    },
  };
}
