/**
 * Sign-in throttling (issue 17): after a few failed attempts each further one must wait, doubling each
 * time, up to a quarter of an hour — for the person tried and, separately, for the console trying. A
 * success clears the person's count and the console's.
 */
export const THROTTLE = {
  /** Failures allowed without any wait. */
  freeFailures: 3,
  /** The wait after the first failure beyond the free ones. */
  firstDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  /** A count older than this (since its last failure) starts again from zero. */
  forgetAfterMs: 24 * 60 * 60_000,
} as const;

export interface FailureCount {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** How long after this failure (the `failures`-th in a row) the next attempt must wait. */
export function delayAfter(failures: number): number {
  if (failures < THROTTLE.freeFailures) return 0;
  return Math.min(THROTTLE.maxDelayMs, THROTTLE.firstDelayMs * 2 ** (failures - THROTTLE.freeFailures));
}

/** The count after one more failure at `now`. */
export function afterFailure(previous: FailureCount | undefined, now: number): FailureCount {
  const stale = !previous || now - previous.lastFailureAt > THROTTLE.forgetAfterMs;
  const failures = (stale ? 0 : previous.failures) + 1;
  return { failures, lastFailureAt: now, lockedUntil: now + delayAfter(failures) };
}

/** Milliseconds still to wait before an attempt is heard (0: go ahead). */
export function waitLeft(count: FailureCount | undefined, now: number): number {
  if (!count) return 0;
  return Math.max(0, count.lockedUntil - now);
}
