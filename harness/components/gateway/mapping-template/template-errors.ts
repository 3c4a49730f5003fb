import { ErrorCode, PinpipeError } from "../../../errors.ts";

/**
 * What API Gateway logs and answers when a request template fails while it runs: the client gets the generic 500
 * and only the execution log says why, so the gateway needs both.
 */
export const TRANSFORM_FAILED_LOG = "Execution failed due to configuration error: Unable to transform request";
export const TRANSFORM_FAILED_STATUS = 500;
export const TRANSFORM_FAILED_BODY = '{"message": "Internal server error"}';

/** A template API Gateway would not accept: the message names the line and column. */
export function templateSyntaxError(message: string, source: string, offset: number): PinpipeError {
  const before = source.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length;
  const column = offset - Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r"));
  return new PinpipeError(
    ErrorCode.MappingTemplateInvalid,
    `mapping template is invalid at line ${line}, column ${column}: ${message}; fix the template before deploying it`,
    { context: { line, column, reason: message } },
  );
}

/** A template that failed at run time; `context` carries what the gateway answers and logs. */
export function templateRenderError(reason: string, cause?: unknown): PinpipeError {
  return new PinpipeError(
    ErrorCode.MappingTemplateFailed,
    `mapping template failed: ${reason} (API Gateway answers 500 and logs "${TRANSFORM_FAILED_LOG}")`,
    {
      context: {
        reason,
        executionLog: TRANSFORM_FAILED_LOG,
        status: TRANSFORM_FAILED_STATUS,
        body: TRANSFORM_FAILED_BODY,
      },
      cause,
    },
  );
}
