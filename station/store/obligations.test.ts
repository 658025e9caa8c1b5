import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { Actor } from '../../shared/domain/common';
import { openDatabase } from './db';
import { openStationStore, type StationStore } from './index';
import { draftReportCommand, leader, officer, registerIncidentCommand } from './store.testing';

let dir: string;
let store: StationStore;
let now = Date.parse('2026-11-25T02:00:00.000Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-obligations-'));
  now = Date.parse('2026-11-25T02:00:00.000Z');
  store = openStationStore({
    path: join(dir, 'station.db'),
    stationId: 'district-500101',
    jurisdiction: '500101',
    clock: () => now,
  });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (command: unknown, actor: Actor = officer) => {
  const r = store.execute(command, actor);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

describe('report obligations kept by the store', () => {
  it('a registered incident owes its first written report, persisted and listed by due time', () => {
    const incidentId = newId();
    run(registerIncidentCommand({ incidentId }));
    const owed = store.obligationsOf(incidentId);
    expect(owed.map((o) => o.kind)).toContain('initial_written');
    expect(owed.every((o) => o.incidentId === incidentId)).toBe(true);
    const pending = store.pendingObligations();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.map((o) => o.dueAt)).toEqual([...pending.map((o) => o.dueAt)].sort());
    expect(store.pendingObligations(1)).toEqual(pending.slice(0, 1));
  });

  it('an unmet obligation reads as overdue once its due time has passed, without any new event', () => {
    const incidentId = newId();
    run(registerIncidentCommand({ incidentId }));
    const first = store.pendingObligations()[0];
    expect(first.state).toBe('pending');
    now = Date.parse(first.dueAt) + 60_000;
    expect(store.pendingObligations()[0]).toEqual({ ...first, state: 'overdue' });
  });

  it('sending the first written report meets the obligation', () => {
    const incidentId = newId();
    const reportId = newId();
    run(registerIncidentCommand({ incidentId }));
    run(draftReportCommand(incidentId, reportId));
    run({ id: newId(), type: 'report.submit', payload: { reportId } }, officer);
    run({ id: newId(), type: 'report.approve', payload: { reportId } }, leader);
    run({ id: newId(), type: 'report.send', payload: { reportId, addressedTo: '5001' } }, officer);
    const written = store.obligationsOf(incidentId).find((o) => o.kind === 'initial_written')!;
    expect(written.state).toBe('met');
    expect(written.metByReportId).toBe(reportId);
    expect(store.pendingObligations().some((o) => o.key === written.key)).toBe(false);
  });

  it('an append that leaves the obligations as they were leaves their rows untouched; one that changes them rewrites them', () => {
    const incidentId = newId();
    run(registerIncidentCommand({ incidentId }));
    const db = openDatabase(join(dir, 'station.db'), { readonly: true });
    const rows = () =>
      db
        .prepare('SELECT rowid, key, state, body FROM obligations WHERE incident_id = ? ORDER BY key')
        .all(incidentId);
    const registered = rows();
    expect(registered.length).toBeGreaterThan(0);
    run(
      {
        id: newId(),
        type: 'incident.update_facts',
        payload: { incidentId, changes: { affectedPeople: 12 } },
      },
      officer,
    );
    expect(rows()).toEqual(registered);
    const reportId = newId();
    run(draftReportCommand(incidentId, reportId));
    run({ id: newId(), type: 'report.submit', payload: { reportId } }, officer);
    run({ id: newId(), type: 'report.approve', payload: { reportId } }, leader);
    run({ id: newId(), type: 'report.send', payload: { reportId, addressedTo: '5001' } }, officer);
    const afterSend = rows() as Array<{ key: string; state: string; body: string }>;
    expect(afterSend).not.toEqual(registered);
    expect(afterSend.map((r) => JSON.parse(r.body))).toEqual(
      [...store.obligationsOf(incidentId)].sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    expect(afterSend.find((r) => r.key === 'initial.written')?.state).toBe('met');
    db.close();
  });

  it('obligations kept up append by append equal those recomputed from the log after a restart', () => {
    const incidentId = newId();
    run(registerIncidentCommand({ incidentId }));
    run({ id: newId(), type: 'incident.start_response', payload: { incidentId } }, officer);
    for (let i = 0; i < 5; i += 1) {
      now += 20 * 60_000;
      run(
        {
          id: newId(),
          type: 'incident.update_facts',
          payload: { incidentId, changes: { casualties: { dead: i, injured: 2, missing: 1, trapped: 0 } } },
        },
        officer,
      );
      const reportId = newId();
      run({
        ...draftReportCommand(incidentId, reportId),
        payload: {
          ...draftReportCommand(incidentId, reportId).payload,
          kind: i === 0 ? 'initial' : 'follow_up',
          channel: 'phone',
        },
      });
      run({ id: newId(), type: 'report.send', payload: { reportId, addressedTo: '5001' } }, officer);
    }
    const kept = store.obligationsOf(incidentId);
    expect(kept.some((o) => o.state === 'met' || o.state === 'met_late')).toBe(true);
    store.close();
    store = openStationStore({
      path: join(dir, 'station.db'),
      stationId: 'district-500101',
      jurisdiction: '500101',
      clock: () => now,
    });
    expect(store.obligationsOf(incidentId)).toEqual(kept);
    store.refreshObligations();
    expect(store.obligationsOf(incidentId)).toEqual(kept);
  });
  it('an incident registered here after its report arrived from another station owes what its whole log says, as after a restart', () => {
    const incidentId = newId();
    const reportId = newId();
    const origin = openStationStore({
      path: join(dir, 'origin.db'),
      stationId: 'district-500102',
      jurisdiction: '500101',
      clock: () => now,
    });
    const originRun = (command: unknown, actor: Actor = officer) => {
      const r = origin.execute(command, actor);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.value;
    };
    const [registered] = originRun(registerIncidentCommand({ incidentId }));
    const reportEvents = [
      ...originRun(draftReportCommand(incidentId, reportId)),
      ...originRun({ id: newId(), type: 'report.submit', payload: { reportId } }, officer),
      ...originRun({ id: newId(), type: 'report.approve', payload: { reportId } }, leader),
      ...originRun(
        {
          id: newId(),
          type: 'report.send',
          payload: { reportId, addressedTo: '5001' },
        },
        officer,
      ),
    ];
    origin.close();
    // The report reaches this station before the incident's registration does.
    const outcome = store.ingestRemote(reportEvents.map((e, i) => ({ ...e, hubSeq: i + 1 })));
    expect(outcome.applied).toBe(reportEvents.length);
    // Registered here too, with the same id and facts: through the one write path, like any change.
    run({
      id: newId(),
      type: 'incident.register',
      payload: { incidentId, facts: (registered.payload as { facts: unknown }).facts },
    });
    const kept = store.obligationsOf(incidentId);
    // Recomputed from the log by a restarted store (nothing cached): the report is part of the history.
    store.close();
    store = openStationStore({
      path: join(dir, 'station.db'),
      stationId: 'district-500101',
      jurisdiction: '500101',
      clock: () => now,
    });
    store.refreshObligations();
    expect(store.obligationsOf(incidentId)).toEqual(kept);
  });
});
