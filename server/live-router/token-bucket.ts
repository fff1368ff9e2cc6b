/**
 * Per-key rate limit: a token bucket per API key, in memory. Each key gets `burst` tokens that refill
 * at `perSecond`; a request takes one. Returns the seconds to wait when the bucket is empty.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes a token: null when allowed, else the whole seconds until a token is available (≥ 1). */
  take(key: string): number | null {
    const t = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, at: t };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.perSecond);
      b.at = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }
}

/** The limiter from RATE_LIMIT_PER_SECOND (default 200) and RATE_LIMIT_BURST (default twice that). */
export function tokenBucketsFromEnv(env: NodeJS.ProcessEnv = process.env): TokenBuckets {
  const perSecond = Number(env.RATE_LIMIT_PER_SECOND) > 0 ? Number(env.RATE_LIMIT_PER_SECOND) : 200;
  const burst = Number(env.RATE_LIMIT_BURST) > 0 ? Number(env.RATE_LIMIT_BURST) : perSecond * 2;
  return new TokenBuckets(perSecond, burst);
}
