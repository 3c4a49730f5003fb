import type { StartedKafka } from "../components/kafka/index.ts";
import type { StartedMysql } from "../components/mysql/index.ts";
import type { StartedRestProxy } from "../components/rest-proxy/index.ts";
import type { StartedS3 } from "../components/s3/index.ts";
import type { StartedSink } from "../components/sink/index.ts";
import type { ComponentPlacement } from "../components/types.ts";
import type { BrokerRoutes } from "../faults/net/index.ts";

/**
 * Where a component connects instead of the real addresses: the stack's network-fault proxies (native runtime).
 * A runtime that cannot route its components' connections ignores it.
 */
export interface NetRoutes {
  kafka?: BrokerRoutes;
  s3Endpoint?: string;
}

/** What a runtime needs to know to start the components of one stack. */
export interface StarterContext {
  placement: ComponentPlacement;
  kafka: {
    brokers?: number;
    partitions?: number;
    autoCreateTopics?: boolean;
    topics: string[];
    /**
     * Extra `server.properties` entries (native runtime), e.g. a shorter `broker.session.timeout.ms`: after a
     * kill, a node registers again only once its old session has ended (9 s by default, as on MSK).
     */
    overrides?: Record<string, string>;
  };
  bucket: string;
  restProxyPort: number;
  restProxyProperties?: Record<string, string>;
}

/**
 * How one runtime starts each component. The stack decides the order (what waits for what) and runs the rest
 * in parallel; the runtime decides where each component runs. The gateway always runs in pinpipe itself.
 */
export interface ComponentStarters {
  mysql(): Promise<StartedMysql>;
  kafka(): Promise<StartedKafka>;
  s3(): Promise<StartedS3>;
  restProxy(kafka: StartedKafka, links?: NetRoutes): Promise<StartedRestProxy>;
  sink(kafka: StartedKafka, s3: StartedS3, links?: NetRoutes): Promise<StartedSink>;
  /** Releases what the components share (a container network); after every component has stopped. */
  close(): Promise<void>;
}
