import { createWriteStream } from "node:fs";
import { getContainerRuntimeClient, type ContainerRuntimeClient, type StartedTestContainer } from "testcontainers";
import { ErrorCode, PinpipeError } from "../errors.ts";
import { GRACEFUL_STOP_MS } from "./images.ts";
import { pollUntil } from "./wait.ts";

/*
 * A component of the container runtime is one container, ended and started again in place. Docker keeps a stopped
 * container as it was: its writable layer and volumes (the data), its aliases on a user-defined network, and its
 * port bindings when they are fixed. So a stop or a kill never removes it, and a start is `docker start` of the
 * same container followed by the component's own readiness, polled. Only the stack's teardown removes it.
 */

/** What a run calls on its container: part of dockerode's `Container`, as the engine's client gives it by id. */
export interface EngineContainer {
  readonly id: string;
  start(): Promise<unknown>;
  /** `t`: seconds between SIGTERM and SIGKILL. */
  stop(options: { t: number }): Promise<unknown>;
  kill(options: { signal: string }): Promise<unknown>;
  /** `v`: with its anonymous volumes; `force`: even while it runs. */
  remove(options: { v: boolean; force: boolean }): Promise<unknown>;
  inspect(): Promise<{ State: { StartedAt: string } }>;
}

/** How one run of the container ends: the same for each run, since the container stays the same. */
export interface ContainerEnd {
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface ContainerRun {
  /** The run the first start made (Testcontainers created, started and waited for the container). */
  first: ContainerEnd;
  /** Starts the same container again and resolves once the component is ready. */
  launch(): Promise<ContainerEnd>;
  /** Removes the container and its anonymous volumes for good; idempotent. After it, `launch()` refuses. */
  remove(): Promise<void>;
}

export interface ContainerRunOptions {
  component: string;
  container: EngineContainer;
  /** Resolves once the component serves again, as after its first start; `pollReady` makes one. */
  ready(): Promise<void>;
  /** Takes the container's output from `sinceSeconds` (the engine's clock) on, after each start in place. */
  follow?(sinceSeconds: number): Promise<void>;
  /** The host ports it binds, named when one was taken while it was stopped. */
  hostPorts?: readonly number[];
  /** How long a graceful stop lets the process shut down after SIGTERM. */
  stopTimeoutMs?: number;
}

/** The engine's answer to a call that had nothing to do: already stopped (304), not running (409), gone (404). */
function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

async function unlessAlready(call: () => Promise<unknown>, statuses: readonly number[]): Promise<void> {
  try {
    await call();
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined || !statuses.includes(status)) throw error;
  }
}

function startError(options: ContainerRunOptions, cause: unknown): PinpipeError {
  const { component, container } = options;
  const ports = options.hostPorts ?? [];
  const message = cause instanceof Error ? cause.message : String(cause);
  const context = { component, containerId: container.id, hostPorts: ports };
  if (/already allocated|address already in use/i.test(message)) {
    return new PinpipeError(
      ErrorCode.PortInUse,
      `${component}: its container cannot start again: host port ${ports.join(", ") || "?"} was taken while it was ` +
        `stopped. Stop what holds it (\`ss -ltnp 'sport = :${ports[0] ?? "PORT"}'\` shows it), then start it again.`,
      { context, cause },
    );
  }
  return new PinpipeError(
    ErrorCode.StartFailed,
    `${component}: its container ${container.id.slice(0, 12)} did not start again: ${message}. ` +
      "`docker logs` on it shows why; run with DEBUG=testcontainers* for the engine's side.",
    { context, cause },
  );
}

/** The stop, kill, start in place and final removal of one container. */
export function containerRun(options: ContainerRunOptions): ContainerRun {
  const { component, container } = options;
  const stopSeconds = Math.ceil((options.stopTimeoutMs ?? GRACEFUL_STOP_MS) / 1000);
  const end: ContainerEnd = {
    // Never `remove`: the stopped container is what a start in place starts again.
    stop: () => unlessAlready(() => container.stop({ t: stopSeconds }), [304, 404]),
    // A crash: SIGKILL, no shutdown hooks. Docker answers 409 when the container no longer runs.
    kill: () => unlessAlready(() => container.kill({ signal: "SIGKILL" }), [404, 409]),
  };
  let removal: Promise<void> | undefined;
  return {
    first: end,
    async launch() {
      if (removal) {
        throw new PinpipeError(
          ErrorCode.StartFailed,
          `${component}: its container was removed when its handle was disposed of, so it cannot start again`,
          { context: { component, containerId: container.id } },
        );
      }
      try {
        await unlessAlready(() => container.start(), [304]);
      } catch (cause) {
        throw startError(options, cause);
      }
      try {
        if (options.follow) await options.follow(Date.parse((await container.inspect()).State.StartedAt) / 1000);
        await options.ready();
      } catch (error) {
        // A start that did not become ready ends what it started, as a failed first start does.
        await end.stop().catch(() => undefined);
        throw error;
      }
      return end;
    },
    remove: () => (removal ??= unlessAlready(() => container.remove({ v: true, force: true }), [404, 409])),
  };
}

/** Readiness by polling `probe` (a value once ready; throws or undefined before), never by sleeping. */
export function pollReady(name: string, timeoutMs: number, probe: () => Promise<unknown>): () => Promise<void> {
  return async () => {
    await pollUntil(probe, { name, timeoutMs, intervalMs: 250 });
  };
}

/**
 * A probe that answers once a GET of `url` answers `status`; `accept` can ask more of the body. No Accept header:
 * a server picks its own default media type, as for the first start's wait.
 */
export function httpProbe(url: string, status: number, accept?: (body: string) => boolean): () => Promise<true> {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = await response.text();
    if (response.status !== status) throw new Error(`GET ${url} answered ${response.status}`);
    if (accept && !accept(body)) throw new Error(`GET ${url} answered, but not yet as wanted: ${body.slice(0, 200)}`);
    return true;
  };
}

export interface StartedContainerRunOptions extends Omit<ContainerRunOptions, "container" | "follow"> {
  /** Where the first start's output goes (`joinStackNetwork`): each start in place appends its own output here. */
  logFile?: string | undefined;
}

/** The run of a container Testcontainers started, driven through the engine's client by the container's id. */
export async function startedContainerRun(
  started: StartedTestContainer,
  options: StartedContainerRunOptions,
): Promise<ContainerRun> {
  let client: ContainerRuntimeClient;
  try {
    client = await getContainerRuntimeClient();
  } catch (error) {
    // A failed start cleans up what it started: Testcontainers' own stop removes the container.
    await started.stop().catch(() => undefined);
    throw error;
  }
  const container = client.container.getById(started.getId());
  const { logFile, ...rest } = options;
  const follow = logFile
    ? async (since: number): Promise<void> => {
        // The first start's output stream ended with that run; this one follows the new run's.
        (await client.container.logs(container, { since })).pipe(createWriteStream(logFile, { flags: "a" }));
      }
    : undefined;
  return containerRun({ ...rest, container, ...(follow && { follow }) });
}
