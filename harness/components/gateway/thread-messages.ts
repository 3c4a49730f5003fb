// What the gateway thread and the thread that started it say to each other.
import type { StartedGateway } from "./index.ts";

export type ThreadedGatewayInfo = Pick<
  StartedGateway,
  "invokeUrl" | "host" | "port" | "apiId" | "stage" | "accessLogFile" | "journalFile"
>;

/** An error as it crosses threads: its class is lost, so its code travels beside its message. */
export interface ThreadError {
  message: string;
  code?: string;
}

export type ThreadCommand = { type: "flush" | "stop" | "kill"; id: number };

export type ThreadReply =
  | { type: "ready"; info: ThreadedGatewayInfo }
  | { type: "failed"; error: ThreadError }
  | { type: "done"; id: number; error?: ThreadError };
