import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/common';
import type { Incident } from '../domain/incident';
import { newId } from '../ids';
import { decideIncident, type IncidentCommand } from './incident';
import type { DecideContext } from './context';

const incidentId = newId();
const incident: Incident = {
  id: incidentId,
  jurisdiction: '500110',
  status: 'responding',
  version: 3,
  facts: {
    title: '青年镇滑坡',
    category: 'natural_disaster',
    subtype: 'landslide',
    level: 'III',
    location: { areaCode: '500110', address: '青年镇' },
    occurredAt: '2025-07-01T08:40:00.000Z',
    receivedAt: '2025-07-01T08:45:00.000Z',
    source: 'phone',
    casualties: { dead: 0, injured: 1, missing: 0, trapped: 0 },
    affectedPeople: 0,
    description: '',
  },
};
const ctx = (actor: Actor): DecideContext => ({
  now: '2025-07-01T10:00:00.000Z',
  actor,
  jurisdiction: '500110',
  newId: () => newId(),
});
const waive = (actor: Actor) => {
  const command: IncidentCommand = {
    id: newId(),
    type: 'incident.waive_obligation',
    payload: {
      incidentId,
      obligationKey: 'follow_up.daily.2025-07-02T09:00',
      reason: '合并至青年镇滑坡（一）',
    },
    actor,
  };
  return decideIncident(command, incident, ctx(actor));
};

describe('waiving a report obligation (免报)', () => {
  it('is the leader on duty’s: the waiver is recorded with its reason', () => {
    const result = waive({ id: 'li', name: '李主任', role: 'leader' });
    expect(result.ok && result.value).toEqual([
      {
        type: 'incident.obligation_waived',
        stream: `incident:${incidentId}`,
        payload: { obligationKey: 'follow_up.daily.2025-07-02T09:00', reason: '合并至青年镇滑坡（一）' },
      },
    ]);
  });

  it('is refused to a duty officer, whatever the screen offered', () => {
    for (const role of ['officer', 'reporter', 'commander', undefined] as const) {
      const result = waive({ id: 'wang', name: '王值班', ...(role ? { role } : {}) });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.errors.map((e) => [e.code, e.field])).toEqual([
        ['NOT_AUTHORISED', 'actor'],
      ]);
    }
  });
});
