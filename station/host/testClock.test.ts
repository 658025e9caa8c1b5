import { describe, expect, it } from 'vitest';
import { TestClock, parseClockCommand, parseClockStart } from './testClock';

describe('the end-to-end test clock (--test-clock)', () => {
  it('moves wall and monotonic time together, forward only', () => {
    const clock = new TestClock();
    const wall = clock.now();
    const mono = clock.monotonic();
    clock.advance(20 * 60_000);
    expect(clock.now() - wall).toBeGreaterThanOrEqual(20 * 60_000);
    expect(clock.now() - wall).toBeLessThan(20 * 60_000 + 5_000);
    // Time passed, not a clock set by hand: the scheduler must not take it for a jump.
    expect(Math.abs(clock.now() - wall - (clock.monotonic() - mono))).toBeLessThan(1_000);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('stands at the instant given (--test-clock-at) until it is moved', async () => {
    const at = Date.parse('2026-07-15T03:00:00+08:00');
    const clock = new TestClock({ at });
    const mono = clock.monotonic();
    expect(clock.standsStill).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.now()).toBe(at);
    expect(clock.monotonic()).toBe(mono);
    clock.advance(60_000);
    expect(clock.now()).toBe(at + 60_000);
    expect(clock.monotonic()).toBe(mono + 60_000);
    expect(new TestClock().standsStill).toBe(false);
  });

  it('takes --test-clock-at only as an ISO time with its offset', () => {
    expect(parseClockStart('2026-07-15T03:00:00+08:00')).toBe(Date.parse('2026-07-14T19:00:00Z'));
    expect(parseClockStart('2026-07-15T03:00:00Z')).toBe(Date.parse('2026-07-15T03:00:00Z'));
    expect(parseClockStart('2026-07-15T03:00:00')).toHaveProperty('error');
    expect(parseClockStart('tomorrow')).toHaveProperty('error');
  });

  it('reads "advance <ms>" lines and refuses anything else with a message', () => {
    expect(parseClockCommand('advance 1200000')).toEqual({ advanceMs: 1_200_000 });
    expect(parseClockCommand('  advance 5 ')).toEqual({ advanceMs: 5 });
    expect(parseClockCommand('advance -5')).toHaveProperty('error');
    expect(parseClockCommand('set 2026-11-25')).toHaveProperty('error');
  });
});
