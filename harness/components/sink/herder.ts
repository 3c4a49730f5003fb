import { type ISocketFactory, Kafka, logLevel } from "kafkajs";
import { CONNECTOR_CLASS, TASK_CLASS, errorMessages, validateConnectorConfig } from "./connector-config.ts";
import type { SinkLogger } from "./log.ts";
import { resolveTaskSettings, type S3Connection } from "./sink-settings.ts";
import { SinkTask } from "./task.ts";
import { javaTrace } from "./trace.ts";

export type ConnectorState = "UNASSIGNED" | "RUNNING" | "PAUSED" | "FAILED" | "STOPPED";
export type TargetState = "RUNNING" | "PAUSED" | "STOPPED";

/** A REST-level failure: status code and the exact message Connect answers with. */
export class ConnectRestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface WorkerOptions {
  bootstrapServers: string;
  s3: S3Connection;
  /** Worker converter settings (`key.converter`, `value.converter`, and their `.`-prefixed keys). */
  converters?: Record<string, string>;
  logger: SinkLogger;
  idlePutIntervalMs?: number;
  /** The tasks' consumer `metadata.max.age.ms` (the Java default: 5 minutes). */
  metadataMaxAgeMs?: number;
  /** How the Kafka client opens its broker connections: through the stack's fault proxies, when it has them. */
  socketFactory?: ISocketFactory;
}

interface ConnectorEntry {
  name: string;
  config: Record<string, string>;
  target: TargetState;
  state: ConnectorState;
  trace: string | undefined;
  tasks: SinkTask[];
  /** A generation number so a stale restart does not resurrect deleted tasks. */
  generation: number;
}

/**
 * The worker's herder: holds connector configs and their tasks, and answers the state the REST API reports.
 * Standalone, in process; `workerId` is the REST listener's host:port as Connect reports it.
 */
export class Herder {
  private connectors = new Map<string, ConnectorEntry>();
  readonly kafka: Kafka;
  workerId = "127.0.0.1:8083";

  constructor(private readonly options: WorkerOptions) {
    this.kafka = new Kafka({
      clientId: "connect-worker",
      brokers: options.bootstrapServers.split(","),
      ...(options.socketFactory && { socketFactory: options.socketFactory }),
      // The Java clients log their connection troubles as WARN in the worker's log; so do these. A crash's stack
      // follows it, as a Java exception's would, so that a client failure can be traced.
      logLevel: logLevel.WARN,
      logCreator:
        () =>
        ({ namespace, log }) =>
          options.logger.warn(
            `[${namespace}] ${log.message}` +
              (typeof log.error === "string" ? `: ${log.error}` : "") +
              (typeof log.stack === "string" ? `\n${log.stack}` : ""),
          ),
      retry: { retries: 8, initialRetryTime: 200 },
    });
  }

  names(): string[] {
    return [...this.connectors.keys()];
  }

  has(name: string): boolean {
    return this.connectors.has(name);
  }

  config(name: string): Record<string, string> | undefined {
    return this.connectors.get(name)?.config;
  }

  /** Validates and (re)creates a connector; returns whether it was new. Validation errors are a 400. */
  async put(
    name: string,
    config: Record<string, string>,
    create: boolean,
    initial: TargetState = "RUNNING",
  ): Promise<boolean> {
    const values = validateConnectorConfig(config);
    const errors = errorMessages(values);
    if (errors.length > 0) {
      throw new ConnectRestError(
        400,
        `Connector configuration is invalid and contains the following ${errors.length} error(s):\n` +
          errors.join("\n") +
          "\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
      );
    }
    const existing = this.connectors.get(name);
    if (existing && create) throw new ConnectRestError(409, `Connector ${name} already exists`);
    if (existing) {
      await this.stopTasks(existing);
      existing.config = config;
      existing.generation++;
      this.startTasks(existing);
      return false;
    }
    const entry: ConnectorEntry = {
      name,
      config,
      target: initial,
      state: "UNASSIGNED",
      trace: undefined,
      tasks: [],
      generation: 0,
    };
    this.connectors.set(name, entry);
    this.options.logger.info(`Finished creating connector ${name}`);
    this.startTasks(entry);
    return true;
  }

  private startTasks(entry: ConnectorEntry): void {
    if (entry.target === "STOPPED") {
      entry.state = "STOPPED";
      entry.tasks = [];
      return;
    }
    entry.state = entry.target === "PAUSED" ? "PAUSED" : "RUNNING";
    entry.trace = undefined;
    const max = Math.max(1, Number(entry.config["tasks.max"] ?? "1"));
    entry.tasks = [];
    for (let id = 0; id < max; id++) entry.tasks.push(this.newTask(entry, id));
    for (const t of entry.tasks) void t.start(entry.target === "PAUSED");
  }

  private newTask(entry: ConnectorEntry, id: number): SinkTask {
    let settings;
    try {
      settings = resolveTaskSettings(entry.config, {
        s3: this.options.s3,
        converters: this.options.converters ?? {},
      });
    } catch (error) {
      const failed = new SinkTask(entry.name, id, undefined as never, this.taskDeps(), () => {});
      failed.state = "FAILED";
      failed.trace = javaTrace(error);
      return failed;
    }
    return new SinkTask(entry.name, id, settings, this.taskDeps(), (t) =>
      this.options.logger.error(`Task ${entry.name}-${t.id} failed`),
    );
  }

  private taskDeps(): ConstructorParameters<typeof SinkTask>[3] {
    return {
      kafka: this.kafka,
      logger: this.options.logger,
      idlePutIntervalMs: this.options.idlePutIntervalMs ?? 60_000,
      metadataMaxAgeMs: this.options.metadataMaxAgeMs ?? 300_000,
      listTopics: async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          return await admin.listTopics();
        } finally {
          await admin.disconnect();
        }
      },
    };
  }

  private async stopTasks(entry: ConnectorEntry): Promise<void> {
    const tasks = entry.tasks;
    entry.tasks = [];
    await Promise.all(tasks.map((t) => t.stop()));
  }

  async delete(name: string): Promise<void> {
    const entry = this.connectors.get(name);
    if (!entry) throw new ConnectRestError(404, `Connector ${name} not found`);
    this.connectors.delete(name);
    await this.stopTasks(entry);
  }

  private known(name: string, message: string): ConnectorEntry {
    const entry = this.connectors.get(name);
    if (!entry) throw new ConnectRestError(404, message);
    return entry;
  }

  pause(name: string): void {
    const e = this.known(name, `Unknown connector ${name}`);
    e.target = "PAUSED";
    if (e.state === "RUNNING") e.state = "PAUSED";
    for (const t of e.tasks) t.pause();
  }

  resume(name: string): void {
    const e = this.known(name, `Unknown connector ${name}`);
    const wasStopped = e.target === "STOPPED";
    e.target = "RUNNING";
    if (wasStopped) this.startTasks(e);
    else {
      if (e.state === "PAUSED") e.state = "RUNNING";
      for (const t of e.tasks) t.resume();
    }
  }

  async stopConnector(name: string): Promise<void> {
    const e = this.known(name, `Unknown connector ${name}`);
    e.target = "STOPPED";
    e.state = "STOPPED";
    await this.stopTasks(e);
  }

  /** Restarts the connector instance and, if asked, its (failed) tasks. */
  async restart(name: string, includeTasks: boolean, onlyFailed: boolean): Promise<void> {
    const e = this.known(name, `Unknown connector: ${name}`);
    if (!onlyFailed || e.state === "FAILED") {
      e.state = e.target === "PAUSED" ? "PAUSED" : e.target === "STOPPED" ? "STOPPED" : "RUNNING";
      e.trace = undefined;
    }
    if (includeTasks) {
      for (const t of e.tasks) if (!onlyFailed || t.state === "FAILED") await this.restartTask(name, t.id);
    }
  }

  async restartTask(name: string, id: number): Promise<void> {
    const e = this.known(name, `Unknown connector: ${name}`);
    const old = e.tasks[id];
    if (!old) throw new ConnectRestError(404, `Unknown task: ${name}-${id}`);
    await old.stop();
    const fresh = this.newTask(e, id);
    e.tasks[id] = fresh;
    if (fresh.state !== "FAILED") void fresh.start(e.target === "PAUSED");
  }

  status(name: string): {
    name: string;
    connector: { state: string; worker_id: string; trace?: string };
    tasks: { id: number; state: string; worker_id: string; trace?: string }[];
    type: string;
  } {
    const e = this.known(name, `No status found for connector ${name}`);
    return {
      name,
      connector: { state: e.state, worker_id: this.workerId, ...(e.trace ? { trace: e.trace } : {}) },
      tasks: e.tasks.map((t) => this.taskStatus(t)),
      type: "sink",
    };
  }

  taskStatus(t: SinkTask): { id: number; state: string; worker_id: string; trace?: string } {
    return { id: t.id, state: t.state, worker_id: this.workerId, ...(t.trace ? { trace: t.trace } : {}) };
  }

  task(name: string, id: number): SinkTask | undefined {
    return this.connectors.get(name)?.tasks[id];
  }

  info(name: string): {
    name: string;
    config: Record<string, string>;
    tasks: { connector: string; task: number }[];
    type: string;
  } {
    const e = this.known(name, `Connector ${name} not found`);
    return { name, config: e.config, tasks: e.tasks.map((t) => ({ connector: name, task: t.id })), type: "sink" };
  }

  taskConfigs(name: string): { id: { connector: string; task: number }; config: Record<string, string> }[] {
    const e = this.known(name, `Connector ${name} not found`);
    return e.tasks.map((t) => ({
      id: { connector: name, task: t.id },
      config: { ...e.config, "task.class": TASK_CLASS },
    }));
  }

  /** Topics the connector has consumed (topic tracking): the subscribed set. */
  topics(name: string): string[] {
    const e = this.known(name, `Connector ${name} not found`);
    return [...new Set(e.tasks.flatMap((t) => t.activeTopics()))];
  }

  async offsets(
    name: string,
  ): Promise<{ partition: { kafka_topic: string; kafka_partition: number }; offset: { kafka_offset: number } }[]> {
    this.known(name, `Connector ${name} not found`);
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const groups = await admin.fetchOffsets({ groupId: `connect-${name}` });
      return groups.flatMap((g) =>
        g.partitions
          .filter((p) => p.offset !== "-1")
          .map((p) => ({
            partition: { kafka_topic: g.topic, kafka_partition: p.partition },
            offset: { kafka_offset: Number(p.offset) },
          })),
      );
    } finally {
      await admin.disconnect();
    }
  }

  state(name: string): TargetState | undefined {
    return this.connectors.get(name)?.target;
  }

  async close(): Promise<void> {
    const all = [...this.connectors.values()];
    await Promise.all(all.map((e) => this.stopTasks(e)));
  }
}

export { CONNECTOR_CLASS };
