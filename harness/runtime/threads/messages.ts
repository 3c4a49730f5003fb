// What a component thread and the thread that started it say to each other.

/** An error as it crosses threads: its class is lost, so its code travels beside its message. */
export interface ThreadError {
  message: string;
  code?: string;
}

/** A request to the thread: run the action of that name with these arguments. */
export interface ThreadCommand {
  type: string;
  id: number;
  args: unknown[];
}

export type ThreadReply<Info> =
  | { type: "ready"; info: Info }
  | { type: "failed"; error: ThreadError }
  | { type: "done"; id: number; value?: unknown; error?: ThreadError };

/** What a thread is created with: its module (for the source entry). */
export interface ThreadData {
  module: string;
}

/** The thread's first message: the component's options, sent once they are known. */
export interface ThreadStart<Options> {
  type: "start";
  options: Options;
}
