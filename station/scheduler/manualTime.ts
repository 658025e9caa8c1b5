import type { SchedulerClock, SchedulerTimers } from './scheduler';

/**
 * A wall clock and timers that move only when told, for tests and simulators. Timers run on the
 * monotonic time, as Node's do; `setWallClock` moves the wall clock alone, as NTP or an officer would.
 */
export class ManualTime implements SchedulerClock, SchedulerTimers {
  private mono = 0;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  constructor(private wall: number) {}

  now = (): number => this.wall;
  monotonic = (): number => this.mono;

  setTimeout = (callback: () => void, ms: number): unknown => {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.mono + Math.max(0, ms), callback });
    return this.seq;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Let `ms` pass, running each timer at its time. */
  advance(ms: number): void {
    const end = this.mono + ms;
    for (let guard = 0; guard < 10_000_000; guard += 1) {
      let first: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!first || entry[1].at < first[1].at)) first = entry;
      if (!first) break;
      this.timers.delete(first[0]);
      this.wall += first[1].at - this.mono;
      this.mono = first[1].at;
      first[1].callback();
    }
    this.wall += end - this.mono;
    this.mono = end;
  }

  /** Let time pass until the wall clock reads `at`. */
  advanceTo(at: number): void {
    this.advance(Math.max(0, at - this.wall));
  }

  /** The wall clock is set forward or back; no time passes. */
  setWallClock(at: number): void {
    this.wall = at;
  }

  pendingTimers(): number {
    return this.timers.size;
  }
}
