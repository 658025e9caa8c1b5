import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newId } from '../shared/ids';
import { assembleFeatures, features, stationFeatures, type Registered } from './features';
import { reportsFeature } from './reports/reports.store';
import { openStationStore } from './store';
import { officer, registerIncidentCommand } from './store/store.testing';

const derivedProbe = (table: string): NonNullable<Registered['derived']> => ({
  table,
  watches: ['incident'],
  upkeep: () => ({
    folded: () => undefined,
    refolded: () => undefined,
    flush: () => undefined,
    recompute: () => undefined,
    discard: () => undefined,
    reordered: () => undefined,
  }),
  repository: () => ({}),
});

describe('derived tables in the registry (issue 20)', () => {
  it('the report obligations are the reports feature’s, derived from incidents and reports; the store names none', () => {
    expect(features.derived).toEqual([reportsFeature.derived]);
    expect(reportsFeature.derived?.table).toBe('obligations');
    expect(reportsFeature.derived?.watches).toEqual(['incident', 'report']);
    expect(stationFeatures.filter((f) => 'derived' in f).map((f) => f.name)).toEqual(['reports']);
    expect(reportsFeature.migrations?.map((m) => m.version)).toContain(70);
  });

  it('a derived table on a table another feature writes is refused when the registry is assembled, naming it', () => {
    const incidents = stationFeatures.find((f) => f.name === 'incidents');
    if (!incidents) throw new Error('no incidents feature');
    expect(() => assembleFeatures([incidents, { name: 'probe', derived: derivedProbe('incidents') }])).toThrow(
      /two features write the table incidents/,
    );
    expect(() =>
      assembleFeatures([
        { name: 'a', derived: derivedProbe('probe_rows') },
        { name: 'b', derived: derivedProbe('probe_rows') },
      ]),
    ).toThrow(/two features write the table probe_rows/);
    expect(assembleFeatures([{ name: 'a', derived: derivedProbe('probe_rows') }]).derived).toHaveLength(1);
  });

  it('its queries and refreshes reach the store’s surface through the feature’s repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dutyroom-derived-'));
    let now = Date.parse('2026-11-25T02:00:00.000Z');
    const store = openStationStore({
      path: join(dir, 's.sqlite'),
      stationId: 'district-500101',
      jurisdiction: '500101',
      clock: () => now,
    });
    try {
      const incidentId = newId();
      const r = store.execute(registerIncidentCommand({ incidentId }), officer);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      const owed = store.obligationsOf(incidentId);
      expect(owed.length).toBeGreaterThan(0);
      expect(store.pendingObligations().map((o) => o.key)).toEqual(
        [...owed].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).map((o) => o.key),
      );
      expect(store.refreshObligations()).toBe(1);
      // A day later the first report is overdue as read, and a refresh writes what the engine owes then.
      now += 24 * 3_600_000;
      expect(store.obligationsOf(incidentId).some((o) => o.state === 'overdue')).toBe(true);
      expect(store.refreshObligationsOf(incidentId).some((o) => o.state === 'overdue')).toBe(true);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
