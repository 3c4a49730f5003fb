import type { GatewayErrorKind } from "./gateway-errors.ts";
import type { ApiKeySetup } from "./setup.ts";

/** API keys of a usage plan: the `x-api-key` header must name one, and a key's quota counts every call it makes. */
export class ApiKeys {
  readonly #keys: Map<string, ApiKeySetup>;
  readonly #used = new Map<string, number>();

  constructor(keys: ApiKeySetup[]) {
    this.#keys = new Map(keys.map((key) => [key.value, key]));
  }

  /** undefined when the call may proceed, otherwise the error it earns. */
  check(presented: string | undefined): Extract<GatewayErrorKind, "INVALID_API_KEY" | "QUOTA_EXCEEDED"> | undefined {
    const key = presented === undefined ? undefined : this.#keys.get(presented);
    if (key === undefined) return "INVALID_API_KEY";
    const used = this.#used.get(key.value) ?? 0;
    if (key.quota !== undefined && used >= key.quota) return "QUOTA_EXCEEDED";
    this.#used.set(key.value, used + 1);
    return undefined;
  }
}
