import { performance } from 'node:perf_hooks';

/**
 * The station's clock in end-to-end tests only (`--test-clock`): real time plus an offset that the
 * test moves forward. Wall and monotonic time move together, so the deadline scheduler sees time
 * pass (not an officer setting the clock) and rings each rung due in between. Never used unless the
 * launcher is given the flag; the desktop app never reads it.
 */
export class TestClock {
  private offsetMs = 0;

  now = (): number => Date.now() + this.offsetMs;
  monotonic = (): number => performance.now() + this.offsetMs;

  /** Let `ms` pass at once. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the test clock only moves forward (got ${ms})`);
    this.offsetMs += ms;
    return this.now();
  }
}

/**
 * One control line read from the launcher's standard input: `advance <ms>`. Anything else is refused
 * with a message (the test reads the station's output).
 */
export function parseClockCommand(line: string): { advanceMs: number } | { error: string } {
  const m = /^advance\s+(\d{1,10})$/.exec(line.trim());
  if (!m)
    return {
      error: `test clock: unknown command ${JSON.stringify(line.trim().slice(0, 80))} (expected "advance <ms>")`,
    };
  return { advanceMs: Number(m[1]) };
}
