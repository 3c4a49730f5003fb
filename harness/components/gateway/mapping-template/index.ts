/**
 * API Gateway (REST API) mapping templates: Velocity 1.7 with `$input`, `$util`, `$context` and
 * `$stageVariables`, rendered byte for byte as the gateway renders request templates.
 */
import type { TemplateNode } from "./ast.ts";
import { InputVariable, type RequestParameters } from "./input-variable.ts";
import { parseTemplate } from "./parser.ts";
import { renderNodes } from "./render-template.ts";
import { UtilVariable } from "./util-variable.ts";
import { fromPlain, type VtlValue } from "./values.ts";

export { FOREACH_LIMIT } from "./render-template.ts";
export { TRANSFORM_FAILED_BODY, TRANSFORM_FAILED_LOG, TRANSFORM_FAILED_STATUS } from "./template-errors.ts";
export type { RequestParameters } from "./input-variable.ts";

export interface CompiledTemplate {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
}

export interface TemplateContext {
  /** The raw request body; bytes are read as UTF-8. */
  body: string | Uint8Array;
  params?: RequestParameters;
  /** `$context`: requestId, stage, httpMethod, resourcePath, identity: { sourceIp, … }, … */
  context?: Record<string, unknown>;
  stageVariables?: Record<string, string>;
}

/** Parses once; throws PINPIPE_MAPPING_TEMPLATE_INVALID for a template API Gateway would not accept. */
export function compileTemplate(source: string): CompiledTemplate {
  return { source, nodes: parseTemplate(source) };
}

/** Renders for one request; throws PINPIPE_MAPPING_TEMPLATE_FAILED (with the gateway's 500 and log line). */
export function render(compiled: CompiledTemplate, request: TemplateContext): string {
  const variables = new Map<string, VtlValue>([
    ["input", new InputVariable(request.body, request.params ?? {})],
    ["util", new UtilVariable()],
    ["context", fromPlain(request.context ?? {})],
    ["stageVariables", fromPlain(request.stageVariables ?? {})],
  ]);
  return renderNodes(compiled.nodes as TemplateNode[], variables);
}
