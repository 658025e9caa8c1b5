/** A token bucket: `burst` messages at once, refilled at `perSecond`. One per connection. */
export function tokenBucket(perSecond: number, burst: number, clock: () => number) {
  let tokens = burst;
  let last = clock();
  return {
    take(cost = 1): boolean {
      const now = clock();
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      last = now;
      if (tokens < cost) return false;
      tokens -= cost;
      return true;
    },
  };
}
