import { describe, expect, it } from 'vitest';
import { emptyDraft, factsFromDraft, fromChinaLocalInput, toChinaLocalInput } from './facts';

describe('incident form', () => {
  it('reads the times typed in China Standard Time, whatever zone the PC is in', () => {
    expect(fromChinaLocalInput('2026-11-25 13:10'.replace(' ', 'T'))).toBe('2026-11-25T05:10:00.000Z');
    expect(toChinaLocalInput(Date.parse('2026-11-25T17:30:00Z'))).toBe('2026-11-26T01:30');
  });

  it('defaults occurred-at and received-at to now and the place to the station area', () => {
    const now = Date.parse('2026-11-25T05:10:00Z');
    const d = emptyDraft(now, '500101');
    expect(d.receivedAt).toBe('2026-11-25T13:10');
    expect(d.occurredAt).toBe(d.receivedAt);
    expect(d.areaCode).toBe('500101');
  });

  it('a complete form becomes facts with casualties as numbers', () => {
    const d = {
      ...emptyDraft(Date.parse('2026-11-25T05:10:00Z'), '500101'),
      title: '某厂房火灾',
      lon: '106.5',
      lat: '29.5',
      injured: '2',
    };
    const r = factsFromDraft(d);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.casualties).toEqual({ dead: 0, injured: 2, missing: 0, trapped: 0 });
      expect(r.value.location.point).toEqual({ lon: 106.5, lat: 29.5 });
    }
  });

  it('names each bad field in the form words: empty title, latitude out of range, subtype of another category', () => {
    const d = {
      ...emptyDraft(0, '500101'),
      title: ' ',
      lon: '106',
      lat: '95',
      category: 'natural_disaster' as const,
      subtype: 'fire',
    };
    const r = factsFromDraft(d);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['title', 'lat', 'subtype']));
  });
});
