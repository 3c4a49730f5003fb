import { readFile } from "node:fs/promises";
import { ErrorCode, isPinpipeError, PinpipeError } from "../../../errors.ts";
import type { MethodKey, MethodSetup, ResourceSetup } from "../setup.ts";
import { resolveSetup } from "../setup.ts";
import { pointAtStack } from "./backends.ts";
import { readExportDocument, type ExportDocument, type ExportFormat } from "./document.ts";
import { integrationOf } from "./integration.ts";
import { parseExportText } from "./parse-text.ts";
import { malformed, unsupported, type Place } from "./place.ts";
import { apiKeyRequired, checkRequestValidator } from "./security.ts";
import { isObject } from "./values.ts";

export { pointAtStack, stackUri, type StackBackends } from "./backends.ts";
export type { ExportFormat } from "./document.ts";

/** A REST API export, read into the gateway's resources. */
export interface ApiDefinition {
  file: string;
  format: ExportFormat;
  /** The stage the export's base path names, if it names a valid one. */
  stage: string | undefined;
  /** HTTP_PROXY uris still name the export's hosts: `pointAtStack` sends them to the stack. */
  resources: ResourceSetup[];
}

const VERBS: Record<string, MethodKey> = {
  get: "GET",
  put: "PUT",
  post: "POST",
  delete: "DELETE",
  options: "OPTIONS",
  head: "HEAD",
  patch: "PATCH",
  "x-amazon-apigateway-any-method": "ANY",
};

/** Path item keys that are no method and change nothing the gateway serves. */
const PATH_ITEM_FIELDS = new Set(["parameters", "summary", "description", "servers"]);

/** API Gateway's resource paths: whole-segment `{name}` parameters, and `{name+}` only as the last segment. */
function checkPath(path: string, place: Place): void {
  if (path === "/") return;
  if (!path.startsWith("/") || path.endsWith("/")) {
    throw malformed(place, "a resource path starts with / and does not end with one");
  }
  const segments = path.slice(1).split("/");
  for (const [index, segment] of segments.entries()) {
    if (segment === "") throw malformed(place, "a resource path has no empty segment");
    if (!/[{}]/.test(segment)) continue;
    const parameter = /^\{[A-Za-z0-9._-]+(\+?)\}$/.exec(segment);
    if (parameter === null) throw malformed(place, `path segment ${segment} must be a whole {name} or {name+}`);
    if (parameter[1] === "+" && index !== segments.length - 1) {
      throw malformed(place, `the greedy segment ${segment} must be the path's last`);
    }
  }
}

function methodsOf(path: string, item: unknown, document: ExportDocument): ResourceSetup["methods"] {
  const place: Place = { file: document.file, path };
  if (!isObject(item)) throw malformed(place, "a path item must be an object");
  const methods: ResourceSetup["methods"] = {};
  for (const [key, operation] of Object.entries(item)) {
    const verb = VERBS[key];
    if (verb === undefined) {
      if (PATH_ITEM_FIELDS.has(key) || (key.startsWith("x-") && !key.startsWith("x-amazon-apigateway-"))) continue;
      if (key === "trace") throw unsupported(place, "API Gateway has no TRACE method");
      throw unsupported(place, `${key} is not a method pinpipe's gateway knows (nor one API Gateway exports)`);
    }
    const methodPlace: Place = { ...place, method: verb };
    if (!isObject(operation)) throw malformed(methodPlace, "a method must be an object");
    checkRequestValidator(operation, document, methodPlace);
    const method: MethodSetup = {
      integration: integrationOf(operation, verb, document, methodPlace),
      apiKeyRequired: apiKeyRequired(operation, document, methodPlace),
    };
    methods[verb] = method;
  }
  return methods;
}

/**
 * Puts the resources through the gateway's own start-up checks (integration uris and ports, Kinesis actions and
 * verbs, header mappings, templates, selection patterns, timeouts), so that the file is refused before a stack
 * starts, with its name in the message. The addresses are stand-ins: only their form is checked.
 */
function checkServable(resources: ResourceSetup[], file: string): void {
  const local = "http://127.0.0.1:8082";
  for (const resource of resources) {
    for (const [verb, method] of Object.entries(resource.methods)) {
      // One method at a time, so that a refusal names its method in the context as the reader's own do.
      const one = pointAtStack([{ path: resource.path, methods: { [verb]: method } }], { restProxy: local });
      try {
        resolveSetup({ target: local, resources: one, awsEndpoints: { kinesis: local } });
      } catch (error) {
        if (!isPinpipeError(error)) throw error;
        throw new PinpipeError(error.code, `${file}: ${error.message}`, {
          context: { ...error.context, file, path: resource.path, method: verb },
          cause: error,
        });
      }
    }
  }
}

/** Reads an API Gateway REST API export (OpenAPI 3 or Swagger 2, JSON or YAML); `file` names it in messages. */
export function readApiDefinition(text: string, file: string): ApiDefinition {
  const document = readExportDocument(parseExportText(text, file), file);
  const resources: ResourceSetup[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    checkPath(path, { file, path });
    const methods = methodsOf(path, item, document);
    // A resource without methods matches no call, so leaving it out changes no route.
    if (Object.keys(methods).length > 0) resources.push({ path, methods });
  }
  if (resources.length === 0) {
    throw malformed({ file }, "has no method on any path, so the gateway would serve nothing");
  }
  checkServable(resources, file);
  return { file, format: document.format, stage: document.stage, resources };
}

/** `pinpipe up --api FILE`: the export's resources, checked, before anything starts. */
export async function loadApiFile(file: string): Promise<ApiDefinition> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new PinpipeError(ErrorCode.InvalidOption, `cannot read the API file ${file}: check the path`, {
      context: { component: "gateway", file },
      cause,
    });
  }
  return readApiDefinition(text, file);
}
