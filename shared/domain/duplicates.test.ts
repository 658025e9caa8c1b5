import { describe, expect, it } from 'vitest';
import type { Incident } from './incident';
import { likelyDuplicates } from './duplicates';

const at = (hhmm: string) => `2026-11-25T${hhmm}:00.000Z`;
const incident = (
  id: string,
  over: Partial<Incident['facts']> = {},
  status: Incident['status'] = 'received',
): Incident => ({
  id,
  jurisdiction: '500110',
  status,
  version: 1,
  facts: {
    title: `事件${id}`,
    category: 'accident',
    subtype: 'fire',
    level: 'IV',
    location: { areaCode: '500110101', address: '' },
    occurredAt: at('02:00'),
    receivedAt: at('02:05'),
    source: 'phone',
    casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
    affectedPeople: 0,
    description: '',
    ...over,
  },
});
const call = (over: Partial<Incident['facts']> = {}) =>
  incident('new', { receivedAt: at('02:40'), occurredAt: at('02:30'), ...over }).facts;

describe('likely duplicates of a new call', () => {
  it('same area and category within an hour is offered, nearest first', () => {
    const far = incident('A', { receivedAt: at('01:50'), occurredAt: at('01:45') });
    const near = incident('B', { receivedAt: at('02:35'), occurredAt: at('02:20') });
    expect(likelyDuplicates(call(), [far, near]).map((c) => [c.incident.id, c.gapMs / 60_000])).toEqual([
      ['B', 5],
      ['A', 45],
    ]);
  });

  it('only the same area code counts, and where both calls have coordinates they must lie within a kilometre', () => {
    const village = incident('V', { location: { areaCode: '500110101002', address: '' } });
    const other = incident('O', { location: { areaCode: '500110102', address: '' } });
    expect(likelyDuplicates(call(), [village, other])).toEqual([]);
    const here = { areaCode: '500110101', address: '', point: { lon: 106.884, lat: 28.985 } };
    const near = incident('N', { location: { ...here, point: { lon: 106.889, lat: 28.987 } } }); // ~0.5 km
    const far = incident('F', { location: { ...here, point: { lon: 106.987, lat: 28.903 } } }); // ~13 km
    const unplaced = incident('U', { location: { areaCode: '500110101', address: '' } });
    expect(
      likelyDuplicates(call({ location: here }), [near, far, unplaced])
        .map((c) => c.incident.id)
        .sort(),
    ).toEqual(['N', 'U']);
  });

  it('another category, a closed incident, or more than an hour apart is not offered', () => {
    const flood = incident('F', { category: 'natural_disaster', subtype: 'flood' });
    const closed = incident('C', {}, 'closed');
    const early = incident('E', { receivedAt: at('01:39'), occurredAt: at('01:29') });
    expect(likelyDuplicates(call(), [flood, closed, early])).toEqual([]);
    // Exactly one hour between the received-at times still counts.
    expect(
      likelyDuplicates(call(), [incident('H', { receivedAt: at('01:40'), occurredAt: at('00:00') })]),
    ).toHaveLength(1);
  });

  it('a call without an area matches nothing', () => {
    expect(likelyDuplicates(call({ location: { areaCode: '', address: '某地' } }), [incident('A')])).toEqual(
      [],
    );
  });
});
