import { decodeUtf8AsJava } from "../../../java/utf8.ts";
import { readJsonBody } from "./json-body.ts";
import { templateRenderError } from "./template-errors.ts";
import { own } from "./java-methods.ts";
import { javaString, type HostObject, type VtlValue } from "./values.ts";

/**
 * `StringEscapeUtils.escapeJavaScript` of Commons Lang: JavaScript escapes for quotes (the single one too, which
 * is why its output is not valid JSON), backslash and `/`, short escapes for control characters, and `\uXXXX`
 * (upper-case hex) for every other control character and every character beyond ASCII.
 */
export function escapeJavaScript(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const cu = s.charCodeAt(i);
    if (cu > 0x7f || (cu < 32 && !"\b\n\t\f\r".includes(ch))) {
      out += "\\u" + cu.toString(16).toUpperCase().padStart(4, "0");
      continue;
    }
    switch (ch) {
      case "\b":
        out += "\\b";
        break;
      case "\n":
        out += "\\n";
        break;
      case "\t":
        out += "\\t";
        break;
      case "\f":
        out += "\\f";
        break;
      case "\r":
        out += "\\r";
        break;
      case "'":
      case '"':
      case "\\":
      case "/":
        out += "\\" + ch;
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** `URLEncoder.encode(s, "UTF-8")`: form encoding, space as `+`, upper-case hex of the UTF-8 bytes. */
export function urlEncode(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** `URLDecoder.decode(s, "UTF-8")`: `+` is a space; a broken `%` escape is an error (the template fails). */
export function urlDecode(s: string): string {
  const bytes: number[] = [];
  let out = "";
  const flush = (): void => {
    if (bytes.length > 0) out += decodeUtf8AsJava(Uint8Array.from(bytes.splice(0)));
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === "%") {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw templateRenderError(`URLDecoder: Illegal hex characters in escape (%) pattern - ${hex}`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
      continue;
    }
    flush();
    out += c === "+" ? " " : c;
  }
  flush();
  return out;
}

export function base64Encode(s: string): string {
  return Buffer.from(s, "utf8").toString("base64");
}

/** Decodes to bytes, then reads them as UTF-8 text, as a Java `new String(bytes, UTF_8)` does. */
export function base64Decode(s: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.replace(/=+$/, "").length % 4 === 1) {
    throw templateRenderError(`base64Decode: not Base64: ${s.slice(0, 32)}`);
  }
  return decodeUtf8AsJava(Buffer.from(s, "base64"));
}

/** `$util`. Every function takes the string of its argument, so a map prints as `{key=value}` before encoding. */
export class UtilVariable implements HostObject {
  readonly host = true;

  property(): VtlValue | undefined {
    return undefined;
  }

  call(name: string, args: VtlValue[]): VtlValue | undefined {
    const arg = args[0] ?? null;
    const fn = own(FUNCTIONS, name);
    if (arg === null) return fn === undefined ? undefined : null;
    return fn === undefined ? undefined : fn(javaString(arg));
  }

  toJavaString(): string {
    return "$util";
  }
}

const FUNCTIONS: Record<string, (s: string) => VtlValue> = {
  escapeJavaScript,
  urlEncode,
  urlDecode,
  base64Encode,
  base64Decode,
  parseJson: (s) => {
    try {
      return readJsonBody(s);
    } catch (error) {
      throw templateRenderError(`parseJson: ${(error as Error).message}`, error);
    }
  },
};
