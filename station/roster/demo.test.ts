import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRoster } from '../../shared/roster/checks';
import { whoIsOnDuty } from '../../shared/roster/duty';
import { chinaWallTime } from '../../shared/time';
import { openStationStore, type StationStore } from '../store';
import { seedDemoRoster } from './demo';

let dir = '';
const stores: StationStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const open = (jurisdiction: string, now: number) => {
  dir = mkdtempSync(join(tmpdir(), 'demo-roster-'));
  const s = openStationStore({
    path: join(dir, 's.db'),
    stationId: `station-${jurisdiction}`,
    jurisdiction,
    clock: () => now,
  });
  stores.push(s);
  return s;
};

describe('demo roster for a fresh demo station', () => {
  it('registers the demo staff and publishes the month holding now, its running crew checked in; once only', () => {
    // 1 October 08:00 China time: before the first handover of October, so September's month holds it.
    for (const now of [chinaWallTime(2026, 11, 25, 16, 0), chinaWallTime(2026, 10, 1, 8, 0)]) {
      const store = open('500110', now);
      const seeded = seedDemoRoster(store, now);
      expect(seeded.staff).toBe(store.staff().length);
      expect(store.staff().length).toBeGreaterThanOrEqual(12);
      const state = store.roster(seeded.rosterId ?? '');
      expect(state).toBeDefined();
      const roster = state!.roster;
      expect(Date.parse(roster.coversFrom) <= now && now < Date.parse(roster.coversUntil)).toBe(true);
      const errors = checkRoster(roster, store.staff(), store.rosterSettings, now).filter(
        (f) => f.severity === 'error',
      );
      expect(errors).toEqual([]);
      const duty = whoIsOnDuty(roster, now);
      expect(duty.leader?.checkedInAt).toBeDefined();
      expect(duty.officers.every((o) => o.checkedInAt !== undefined)).toBe(true);
      expect(seedDemoRoster(store, now)).toEqual({ staff: 0 });
      expect(store.rosters()).toHaveLength(1);
      store.close();
      stores.splice(0);
      rmSync(dir, { recursive: true, force: true });
      dir = '';
    }
  });

  it('leaves a station of another jurisdiction alone', () => {
    const now = chinaWallTime(2026, 11, 25, 16, 0);
    const store = open('500101', now);
    expect(seedDemoRoster(store, now)).toEqual({ staff: 0 });
    expect(store.staff()).toEqual([]);
  });
});
