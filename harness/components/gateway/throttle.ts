import type { ThrottleSetup } from "./setup.ts";

/**
 * Stage throttling as a token bucket: `burstLimit` tokens at most, refilled at `rateLimit` per second. A 0/0
 * setup rejects every call, which is how specs force a 429.
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  constructor(setup: ThrottleSetup, now: () => number = () => performance.now()) {
    this.#rate = setup.rateLimit;
    this.#burst = setup.burstLimit;
    this.#now = now;
    this.#tokens = setup.burstLimit;
    this.#updatedAt = now();
  }

  /** Takes one token; false means the call is throttled. */
  take(): boolean {
    const now = this.#now();
    const elapsedSeconds = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.#burst, this.#tokens + elapsedSeconds * this.#rate);
    this.#updatedAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
