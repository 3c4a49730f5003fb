import {
  createRestProxyServer,
  resolveSettings,
  type RestProxyServer,
} from "../../../harness/components/rest-proxy/index.ts";
import type { KafkaBackend } from "../../../harness/components/rest-proxy/backend.ts";
import type { RecordResult } from "../../../harness/components/rest-proxy/producer.ts";

/** A backend whose producer answers offsets in order; nothing here touches a broker. */
export function fakeBackend(): KafkaBackend {
  let next = 0;
  return {
    sink: {
      produce: async (_t: string, records: Array<{ partition: number | undefined }>): Promise<RecordResult[]> =>
        records.map((r) => ({ ok: true, partition: r.partition ?? 0, offset: String(next++), timestamp: 0 })),
    },
    close: async () => {},
  } as unknown as KafkaBackend;
}

/** A REST proxy over the fake backend, with these `kafka-rest.properties` on top of a bootstrap server. */
export function proxyWithFakeBackend(props: Record<string, string> = {}): RestProxyServer {
  return createRestProxyServer(resolveSettings({ "bootstrap.servers": "127.0.0.1:1", ...props }), {
    backend: fakeBackend(),
  });
}
