/** A token bucket refilled continuously at `permitsPerSec`, holding at most one second of permits. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();

  constructor(private readonly permitsPerSec: number) {
    this.tokens = permitsPerSec;
  }

  tryAcquire(cost = 1): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.permitsPerSec, this.tokens + ((now - this.last) / 1000) * this.permitsPerSec);
    this.last = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
