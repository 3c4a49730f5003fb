import { decodeUtf8AsJava } from "../../../java/utf8.ts";
import { readJsonBody } from "./json-body.ts";
import { evaluateJsonPath } from "./json-path.ts";
import { templateRenderError } from "./template-errors.ts";
import { javaString, jsonText, type HostObject, type VtlMap, type VtlValue } from "./values.ts";

export interface RequestParameters {
  path?: Record<string, string>;
  querystring?: Record<string, string>;
  header?: Record<string, string>;
}

function toMap(record: Record<string, string> | undefined): VtlMap {
  return new Map(Object.entries(record ?? {}));
}

/** `$input`: the request body and parameters as API Gateway hands them to a request template. */
export class InputVariable implements HostObject {
  readonly host = true;
  private readonly text: string;
  private parsed: VtlValue | undefined;
  private readonly params: VtlMap;

  constructor(body: string | Uint8Array, parameters: RequestParameters) {
    const text = typeof body === "string" ? body : decodeUtf8AsJava(body);
    // A request without a payload reaches the template as an empty JSON object.
    this.text = text.length === 0 ? "{}" : text;
    this.params = new Map<string, VtlValue>([
      ["path", toMap(parameters.path)],
      ["querystring", toMap(parameters.querystring)],
      ["header", toMap(parameters.header)],
    ]);
  }

  private root(): VtlValue {
    if (this.parsed === undefined) {
      try {
        this.parsed = readJsonBody(this.text);
      } catch (error) {
        throw templateRenderError(`the body is not JSON: ${(error as Error).message}`, error);
      }
    }
    return this.parsed;
  }

  private select(path: VtlValue) {
    if (typeof path !== "string") throw templateRenderError(`JSONPath must be a string, got ${javaString(path)}`);
    try {
      return evaluateJsonPath(this.root(), path);
    } catch (error) {
      if (error instanceof Error && error.name === "PinpipeError") throw error;
      throw templateRenderError(`invalid JSONPath ${path}: ${(error as Error).message}`, error);
    }
  }

  /** `$input.params(name)`: path, then query string, then header (headers matched without regard to case). */
  private param(name: string): string {
    for (const kind of ["path", "querystring"]) {
      const value = (this.params.get(kind) as VtlMap).get(name);
      if (value !== undefined) return value as string;
    }
    const headers = this.params.get("header") as VtlMap;
    const exact = headers.get(name);
    if (exact !== undefined) return exact as string;
    const lower = name.toLowerCase();
    for (const [k, v] of headers) if (k.toLowerCase() === lower) return v as string;
    return "";
  }

  property(name: string): VtlValue | undefined {
    if (name === "body") return this.text;
    if (name === "params") return this.params;
    return undefined;
  }

  call(name: string, args: VtlValue[]): VtlValue | undefined {
    switch (name) {
      case "getBody":
        return this.text;
      case "json": {
        const result = this.select(args[0] ?? "$");
        return result.found ? jsonText(result.value) : "";
      }
      case "path": {
        const result = this.select(args[0] ?? "$");
        return result.found ? result.value : null;
      }
      case "params":
      case "getParams":
        return args.length === 0 ? this.params : this.param(javaString(args[0] ?? null));
      default:
        return undefined;
    }
  }

  toJavaString(): string {
    return "$input";
  }
}
