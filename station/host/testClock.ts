import { performance } from 'node:perf_hooks';

/**
 * The station's clock in end-to-end tests only (`--test-clock`): real time plus an offset that the
 * test moves forward. Wall and monotonic time move together, so the deadline scheduler sees time
 * pass (not an officer setting the clock) and rings each rung due in between. Never used unless the
 * launcher is given the flag; the desktop app never reads it.
 */
export class TestClock {
  private offsetMs = 0;
  /** Set with `--test-clock-at`: time stands at this instant and moves only on `advance` (screenshots). */
  private readonly fixed: { wall: number; mono: number } | null;

  constructor(options: { at?: number } = {}) {
    this.fixed = options.at === undefined ? null : { wall: options.at, mono: performance.now() };
  }

  now = (): number => (this.fixed ? this.fixed.wall : Date.now()) + this.offsetMs;
  monotonic = (): number => (this.fixed ? this.fixed.mono : performance.now()) + this.offsetMs;

  /** Whether time stands still between `advance` lines (`--test-clock-at`). */
  get standsStill(): boolean {
    return this.fixed !== null;
  }

  /** Let `ms` pass at once. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the test clock only moves forward (got ${ms})`);
    this.offsetMs += ms;
    return this.now();
  }
}

/** `--test-clock-at` as milliseconds: an ISO 8601 instant with its offset (2026-07-15T03:00:00+08:00). */
export function parseClockStart(value: string): number | { error: string } {
  const ms = /(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms)
    ? ms
    : {
        error: `--test-clock-at needs an ISO 8601 time with its offset, like 2026-07-15T03:00:00+08:00 (got ${JSON.stringify(value.slice(0, 60))})`,
      };
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
