import { type ISocketFactory, Kafka, logLevel, type Admin, type LogEntry } from "kafkajs";
import type { Logger } from "./log.ts";
import type { RecordSink } from "./produce.ts";
import { JAVA_DELIVERY, RestProducer } from "./producer.ts";
import type { RestProxySettings } from "./settings.ts";
import { brokerTopicAutoCreation } from "./topic-auto-creation.ts";
import { TopicMetadataCache } from "./topic-metadata.ts";

/**
 * The Kafka side of the proxy: one admin client and one shared producer, connected lazily on first use so the
 * HTTP server (and specs that only exercise negotiation) never wait on a broker.
 */
export class KafkaBackend {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly metadata: TopicMetadataCache;
  readonly producer: RestProducer;
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    readonly settings: RestProxySettings,
    readonly logger: Logger,
    socketFactory?: ISocketFactory,
  ) {
    this.kafka = new Kafka({
      brokers: settings.bootstrapServers,
      ...(socketFactory && { socketFactory }),
      clientId: settings.producer["client.id"] ?? "kafka-rest",
      requestTimeout: Number(settings.producer["request.timeout.ms"] ?? 30000),
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ namespace, level, log }: LogEntry) => {
          const lvl = level === logLevel.ERROR ? "ERROR" : level === logLevel.WARN ? "WARN" : "INFO";
          logger.log(lvl, `${log.message}`, `kafkajs.${namespace}`);
        },
    });
    this.admin = this.kafka.admin();
    this.metadata = new TopicMetadataCache(this.admin, settings.maxBlockMs, brokerTopicAutoCreation(this.admin));
    this.producer = new RestProducer(this.kafka, this.metadata, settings.maxRequestSize, logger, {
      deliveryTimeoutMs: Number(settings.producer["delivery.timeout.ms"] ?? JAVA_DELIVERY.deliveryTimeoutMs),
      retryBackoffMs: Number(settings.producer["retry.backoff.ms"] ?? JAVA_DELIVERY.retryBackoffMs),
    });
  }

  /**
   * The produce path. A broker that cannot be reached fails each record the way the Java producer's metadata
   * wait does (50003 after max.block.ms), never the whole request.
   */
  readonly sink: RecordSink = {
    produce: async (topic, records) => {
      try {
        await this.ready();
      } catch {
        const message = `Topic ${topic} not present in metadata after ${this.settings.maxBlockMs} ms.`;
        return records.map(() => ({ ok: false as const, code: 50003, status: 200, message }));
      }
      return this.producer.produce(topic, records);
    },
  };

  /** Connects once; a failed attempt is forgotten so the next request tries again. */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("rest proxy is stopping"));
    this.connecting ??= (async () => {
      await this.admin.connect();
      await this.producer.connect();
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.connecting) return;
    await this.connecting.catch(() => undefined);
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
