import { request } from "node:http";
import type { Agent } from "node:http";
import { inject } from "vitest";

/** The part of the stack the gateway specs use; the globalSetup provides it as `stack`. */
export interface StackView {
  restProxyUrl?: string;
  kafka?: { bootstrapServers: string };
  topics?: string[];
}

/** The provided stack, read loosely so these specs also run where the setup provides less. */
export function stackView(): StackView | undefined {
  try {
    return (inject as unknown as (key: string) => StackView | undefined)("stack");
  } catch {
    return undefined;
  }
}

export interface RawResponse {
  status: number;
  /** Header pairs, case and order as received. */
  headers: [string, string][];
  body: Buffer;
  text: string;
  header(name: string): string | undefined;
  headerNames(): string[];
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sends the body in pieces without Content-Length, so Node frames it as chunked. */
  chunks?: (string | Buffer)[];
  agent?: Agent | false;
}

/** A plain HTTP/1.1 call with full control of the request line and headers, returning the raw response. */
export function call(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url);
  // The request target goes out exactly as written, so encoded characters and `//` survive.
  const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? "GET",
        path,
        headers: options.headers ?? {},
        agent: options.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const headers: [string, string][] = [];
          for (let index = 0; index + 1 < res.rawHeaders.length; index += 2) {
            headers.push([res.rawHeaders[index] ?? "", res.rawHeaders[index + 1] ?? ""]);
          }
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body,
            text: body.toString("utf8"),
            header: (name) => headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1],
            headerNames: () => headers.map(([key]) => key),
          });
        });
      },
    );
    req.on("error", reject);
    if (options.chunks) {
      for (const piece of options.chunks) req.write(piece);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}
