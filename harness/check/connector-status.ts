import type { StackInfo } from "../stack-info.ts";

/** The connector's state as Connect's `GET /connectors/<name>/status` reports it. */
export interface ConnectorStatus {
  name: string;
  state: string;
  tasks: Array<{ id: number; state: string; trace?: string }>;
}

/** The connector's status, or undefined when the worker does not know it (or does not answer). */
export async function connectorStatus(info: StackInfo): Promise<ConnectorStatus | undefined> {
  const response = await fetch(`${info.connectUrl}/connectors/${encodeURIComponent(info.connector)}/status`).catch(
    () => undefined,
  );
  if (!response?.ok) return undefined;
  const body = (await response.json()) as {
    name: string;
    connector: { state: string };
    tasks: Array<{ id: number; state: string; trace?: string }>;
  };
  return {
    name: body.name,
    state: body.connector.state,
    tasks: body.tasks.map((t) => ({ id: t.id, state: t.state, ...(t.trace !== undefined && { trace: t.trace }) })),
  };
}

export function failedTasks(status: ConnectorStatus | undefined): ConnectorStatus["tasks"] {
  return status?.tasks.filter((t) => t.state === "FAILED") ?? [];
}
