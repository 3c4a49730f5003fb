/** Stable error codes: scripts and CI match on these, so they never change meaning. */
export const ErrorCode = {
  MissingPrerequisite: "PINPIPE_MISSING_PREREQUISITE",
  ProvisionFailed: "PINPIPE_PROVISION_FAILED",
  RegistryUnreachable: "PINPIPE_REGISTRY_UNREACHABLE",
  PortInUse: "PINPIPE_PORT_IN_USE",
  StartFailed: "PINPIPE_START_FAILED",
  ReadyTimeout: "PINPIPE_READY_TIMEOUT",
  ProcessExited: "PINPIPE_PROCESS_EXITED",
  RuntimeUnavailable: "PINPIPE_RUNTIME_UNAVAILABLE",
  InvalidOption: "PINPIPE_INVALID_OPTION",
  NoRunningStack: "PINPIPE_NO_RUNNING_STACK",
  PythonTooOld: "PINPIPE_PYTHON_TOO_OLD",
  MappingTemplateInvalid: "PINPIPE_MAPPING_TEMPLATE_INVALID",
  MappingTemplateFailed: "PINPIPE_MAPPING_TEMPLATE_FAILED",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface PinpipeErrorOptions {
  /** Facts that help a reader act: component, port, path, command. */
  context?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type of the harness; its message always says what to do next. */
export class PinpipeError extends Error {
  readonly code: ErrorCode;
  readonly context: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: PinpipeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PinpipeError";
    this.code = code;
    this.context = options.context ?? {};
  }
}

export function isPinpipeError(error: unknown, code?: ErrorCode): error is PinpipeError {
  return error instanceof PinpipeError && (code === undefined || error.code === code);
}
