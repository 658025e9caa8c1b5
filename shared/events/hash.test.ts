import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './hash';

/** The first canonicalJson, kept as the reference the faster one must match byte for byte. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : referenceCanonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('gives the same bytes as the reference serialiser for any JSON value, undefined members and holes included', () => {
    const member = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.dictionary(fc.string(), tie('node')),
        fc.dictionary(fc.string({ unit: 'binary' }), member),
        fc.array(fc.oneof(tie('node'), member)),
        fc.sparseArray(fc.jsonValue()),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
      }),
      { numRuns: 1_000 },
    );
  });

  it('sorts keys at every depth whatever order they were written in', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: null }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[2,{"x":null,"z":1}]},"b":1}',
    );
  });

  it('sorts a large object (a dictionary of many keys, in reverse and in mixed order) as the reference does', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const order of [
      [...keys].reverse(),
      keys.filter((_, i) => i % 2 === 0).concat(keys.filter((_, i) => i % 2 === 1)),
    ]) {
      const value = Object.fromEntries(order.map((k, i) => [k, { b: i, a: [k, { d: 1, c: 2 }] }]));
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('refuses a number that JSON cannot carry', () => {
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(/non-finite/);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(/non-finite/);
  });
});
