import { decodeTime, monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { Ulid, newId, ulidFactory } from './ids';

const T = Date.parse('2026-11-25T02:00:00.000Z');

describe('newId (monotonic ULIDs)', () => {
  it('writes the time the way the ulid package reads it, for any time a ULID can hold', () => {
    for (const ms of [1, 2 ** 20 - 1, 2 ** 20, 2 ** 30 - 1, 2 ** 30, T, 2 ** 48 - 1]) {
      const id = ulidFactory()(ms);
      expect(Ulid.safeParse(id).success).toBe(true);
      expect(decodeTime(id)).toBe(ms);
    }
    expect(() => ulidFactory()(2 ** 48)).toThrow();
    expect(() => ulidFactory()(-5)).toThrow();
    expect(() => ulidFactory()(1.5)).toThrow();
  });

  it('keeps rising within one millisecond and when the clock steps back, like the package it replaces', () => {
    const ours = ulidFactory();
    const theirs = monotonicFactory();
    const times = [T, T, T, T - 10, T + 1, T + 1, T, T + 2];
    const a = times.map((t) => ours(t));
    const b = times.map((t) => theirs(t));
    expect(a).toEqual([...a].sort());
    expect(new Set(a).size).toBe(a.length);
    // The same time prefixes as the package gives.
    expect(a.map((id) => id.slice(0, 10))).toEqual(b.map((id) => id.slice(0, 10)));
    expect(a.every((id) => Ulid.safeParse(id).success)).toBe(true);
    // No time given: now.
    const before = Date.now();
    expect(decodeTime(newId())).toBeGreaterThanOrEqual(before);
  });

  it('carries from the low to the high half of the random part, and refuses to wrap around', () => {
    // Low 40 bits all ones: the next id carries into the high half.
    const carry = ulidFactory((bytes) => bytes.fill(0).fill(0xff, 5));
    const x = carry(T);
    const y = carry(T);
    expect(x.slice(10)).toBe('00000000ZZZZZZZZ');
    expect(y.slice(10)).toBe('0000000100000000');
    expect(x < y).toBe(true);
    const full = ulidFactory((bytes) => bytes.fill(0xff));
    expect(full(T).slice(10)).toBe('ZZZZZZZZZZZZZZZZ');
    expect(() => full(T)).toThrow(/overflow/);
  });

  it('draws a fresh random part for each new millisecond', () => {
    const a = ulidFactory()(T);
    const b = ulidFactory()(T);
    expect(a.slice(0, 10)).toBe(b.slice(0, 10));
    expect(a).not.toBe(b);
  });
});
