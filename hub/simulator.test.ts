import { describe, expect, it } from 'vitest';
import { parseEvent } from '../shared/events/envelope';
import { createDemoFeed, loadDemoJurisdiction, sealFeed } from './simulator';
import { nodeSha256 } from './server';

const START = Date.parse('2026-07-15T00:00:00.000Z');

/** Run the feed for `ticks` two-second steps of a fake clock and seal everything it produced. */
function run(seed: number, ticks: number) {
  const feed = createDemoFeed({ seed, incidentsPerHour: 60, warningsPerHour: 6 });
  let tail: { stationSeq: number; hash: string } | null = null;
  const events = [];
  for (let i = 0; i < ticks; i += 1) {
    const now = START + i * 2000;
    const sealed = sealFeed(feed.tick(now), tail, { station: 'sim-500110', jurisdiction: '500110', now, newId: feed.newId });
    const last = sealed.at(-1);
    if (last) tail = { stationSeq: last.stationSeq, hash: last.hash };
    events.push(...sealed);
  }
  return events;
}

describe('demo live feed', () => {
  it('gives the same events for the same seed and clock, and different ones for another seed', () => {
    const a = run(7, 600);
    const b = run(7, 600);
    expect(a.map((e) => e.hash)).toEqual(b.map((e) => e.hash));
    expect(run(8, 600).map((e) => e.hash)).not.toEqual(a.map((e) => e.hash));
  });

  it('registers the demo teams, moves them, raises incidents and warnings, all valid events', () => {
    const events = run(11, 900); // half an hour of feed time
    const types = new Set(events.map((e) => e.type));
    for (const t of ['team.registered', 'team.position_reported', 'team.status_changed', 'incident.registered', 'warning.issued']) {
      expect(types).toContain(t);
    }
    expect(events.filter((e) => e.type === 'team.registered')).toHaveLength(loadDemoJurisdiction().teams.length);
    for (const e of events) expect(parseEvent(JSON.parse(JSON.stringify(e)), nodeSha256).ok).toBe(true);
    // Teams stay in the district: every reported position lies within the demo area.
    for (const e of events) {
      if (e.type !== 'team.position_reported') continue;
      expect(e.payload.position.point.lon).toBeGreaterThan(106.8);
      expect(e.payload.position.point.lon).toBeLessThan(107.1);
      expect(e.payload.position.point.lat).toBeGreaterThan(28.75);
      expect(e.payload.position.point.lat).toBeLessThan(29.05);
    }
    // Every incident is in a village of the demo jurisdiction.
    for (const e of events) if (e.type === 'incident.registered') expect(e.payload.facts.location.areaCode.startsWith('500110')).toBe(true);
  });
});
