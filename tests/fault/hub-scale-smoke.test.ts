// The scale harness of `npm run bench -- scale` (issue 21) at 200 stations, for CI: a province's duty
// rooms as socket clients in a child process, two hub processes on one PostgreSQL, a flood-night feed,
// the second node killed with SIGKILL midway so that its stations fail over to the first. Every
// station's received log must be the hub's, exactly once and in hub order. No timing is judged here.
import { describe, expect, it } from 'vitest';
import { runScale } from '../bench/scale-harness';

const STATIONS = Number(process.env.SCALE_SMOKE_STATIONS ?? 200);

describe('scale harness smoke: a province on two hub nodes', () => {
  it(`${STATIONS} stations receive every event visible to them, exactly once, in order, through a node kill`, async () => {
    const outcome = await runScale({ stations: STATIONS, seconds: 12, killAfterSeconds: 6 });
    expect(outcome.stations).toBe(STATIONS);
    expect({ refused: outcome.refused, first: outcome.firstRefusal }).toEqual({ refused: 0, first: null });
    // The feed went out and was logged: every team registered, positions, incidents, reports.
    expect(outcome.events).toBe(outcome.published);
    expect(outcome.events).toBeGreaterThan(STATIONS);
    expect(outcome.mismatches.slice(0, 5)).toEqual([]);
    // Every station of the killed node came back live on the other one.
    expect(outcome.stationsOnKilledNode).toBe(STATIONS / 2);
    expect(outcome.failedToCatchUp).toBe(0);
    expect(outcome.caughtUp.length).toBeGreaterThanOrEqual(outcome.stationsOnKilledNode);
    // Live delivery happened (not everything by pulls).
    expect(outcome.latencies.length).toBeGreaterThan(0);
  }, 300_000);
});
