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

describe('demo feed answers a duty room’s dispatch order', () => {
  it('the team acknowledges (出动), drives to the incident, arrives (到场), works, and the order completes on its way back', () => {
    const feed = createDemoFeed({ seed: 7, incidentsPerHour: 0, warningsPerHour: 0 });
    const demo = loadDemoJurisdiction();
    let now = Date.parse('2026-11-25T02:00:00.000Z');
    feed.tick(now); // registers the teams
    const team = demo.teams[0];
    const target = { lon: team.base.lon + 0.02, lat: team.base.lat + 0.01 };
    const dispatchId = '01JDISPATCH0000000000000AA';
    const seen: Array<{ type: string; stream: string }> = [];
    feed.dispatched({ dispatchId, teamId: team.id, target });
    for (let i = 0; i < 200; i += 1) {
      now += 30_000;
      seen.push(...feed.tick(now).filter((d) => d.stream === `dispatch:${dispatchId}` || d.stream === `team:${team.id}`));
    }
    const steps = seen
      .filter((d) => d.stream === `dispatch:${dispatchId}` || d.type === 'team.status_changed')
      .map((d) => (d.type === 'team.status_changed' ? `team.${(d as unknown as { payload: { status: string } }).payload.status}` : d.type));
    expect(steps.slice(0, 2)).toEqual(['dispatch.acknowledged', 'team.en_route']);
    expect(steps).toContain('dispatch.arrived');
    expect(steps.indexOf('dispatch.arrived')).toBeLessThan(steps.indexOf('team.working'));
    expect(steps.indexOf('team.returning')).toBeLessThan(steps.indexOf('dispatch.completed'));
    // It moved: positions reported on the way.
    expect(seen.filter((d) => d.type === 'team.position_reported').length).toBeGreaterThan(1);
    // The duty room's incident is not closed by the feed.
    expect(seen.some((d) => d.type === 'incident.closed')).toBe(false);
  });
  it('a team already out on a job does not take the order', () => {
    const feed = createDemoFeed({ seed: 7, incidentsPerHour: 0, warningsPerHour: 0 });
    const team = loadDemoJurisdiction().teams[0];
    let now = Date.parse('2026-11-25T02:00:00.000Z');
    feed.tick(now);
    feed.dispatched({ dispatchId: '01JDISPATCH0000000000000AB', teamId: team.id, target: team.base });
    now += 1000;
    feed.tick(now);
    feed.dispatched({ dispatchId: '01JDISPATCH0000000000000AC', teamId: team.id, target: team.base });
    now += 1000;
    const second = feed.tick(now);
    expect(second.some((d) => d.stream === 'dispatch:01JDISPATCH0000000000000AC')).toBe(false);
  });
});
