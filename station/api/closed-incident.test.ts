import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { registerIncidentCommand } from '../store/store.testing';
import { openTestStation, type TestStation } from './api.testing';

let station: TestStation | undefined;
afterEach(() => station?.close());

describe('a closed incident on the console', () => {
  it('stays in the snapshot while it owes its 终报, with that clock (a reload kept neither)', async () => {
    const now = Date.parse('2026-11-25T02:00:00.000Z');
    station = openTestStation({ clock: () => now });
    const { client, store } = station;
    const incidentId = newId();
    const kept = newId();
    for (const command of [
      registerIncidentCommand({ incidentId }),
      registerIncidentCommand({ incidentId: kept, title: '另一处滑坡' }),
    ])
      expect((await client.execute(command)).ok).toBe(true);
    const closed = await client.execute({
      id: newId(),
      type: 'incident.close',
      payload: { incidentId, summary: '险情解除，转入善后' },
    });
    expect(closed.ok).toBe(true);

    const snapshot = await client.snapshot({});
    expect(snapshot.ok).toBe(true);
    if (!snapshot.ok) return;
    const listed = snapshot.value.incidents.find((i) => i.id === incidentId);
    expect(listed?.status).toBe('closed');
    const owed = snapshot.value.obligations.find((o) => o.incidentId === incidentId)?.obligations ?? [];
    expect(owed.find((o) => o.kind === 'final')?.state).toBe('pending');
    // The other, open incident is listed once.
    expect(snapshot.value.incidents.filter((i) => i.id === kept)).toHaveLength(1);
    expect(store.openIncidents().map((i) => i.id)).toEqual([kept]);
  });
});
