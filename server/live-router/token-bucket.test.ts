import { describe, expect, it } from "vitest";
import { TokenBuckets, tokenBucketsFromEnv } from "./token-bucket";

describe("token buckets", () => {
  it("allows the burst, then one request per refill, per key, with the seconds to wait", () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take("k"))).toEqual([null, null, null, 1]);
    expect(buckets.take("other")).toBeNull();
    now = 500; // half a second refills one token at 2/s
    expect(buckets.take("k")).toBeNull();
    expect(buckets.take("k")).toBe(1);
    now = 60_000; // refills up to the burst, not beyond
    expect([1, 2, 3, 4].map(() => buckets.take("k"))).toEqual([null, null, null, 1]);
  });

  it.each([
    [{}, 200, 400],
    [{ RATE_LIMIT_PER_SECOND: "50" }, 50, 100],
    [{ RATE_LIMIT_PER_SECOND: "50", RATE_LIMIT_BURST: "70" }, 50, 70],
    [{ RATE_LIMIT_PER_SECOND: "nonsense" }, 200, 400],
  ])("reads its rate and burst from the environment %o", (env, perSecond, burst) => {
    const b = tokenBucketsFromEnv(env as NodeJS.ProcessEnv);
    expect([b.perSecond, b.burst]).toEqual([perSecond, burst]);
  });
});
