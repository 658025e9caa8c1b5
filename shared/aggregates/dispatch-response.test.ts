import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/common';
import type { Team } from '../domain/resources';
import { newId } from '../ids';
import { decideDispatch } from './resources';

const officer: Actor = { id: 'zhang', name: '张伟', role: 'officer' };
const team: Team = {
  id: 'ws-rescue',
  name: '万盛综合应急救援队',
  kind: 'comprehensive',
  jurisdiction: '500110',
  headcount: 52,
  skills: [],
  equipment: [],
  base: { lon: 106.9, lat: 28.95 },
  status: 'standby',
};
const ctx = { now: '2026-11-25T02:00:00.000Z', actor: officer, jurisdiction: '500110', newId: () => newId() };
const issue = (incidentId: string) => ({
  id: newId(),
  type: 'dispatch.issue' as const,
  payload: { teamId: team.id, incidentId },
  actor: officer,
});

describe('a team sent to an incident starts the response (issue 15)', () => {
  it('an incident still 接报 turns 处置中 in the same decision as the order', () => {
    const incidentId = newId();
    const decided = decideDispatch(
      issue(incidentId),
      { team, incidentExists: true, incidentStatus: 'received' },
      ctx,
    );
    expect(decided.ok && decided.value.map((e) => [e.type, e.stream])).toEqual([
      ['dispatch.issued', expect.stringMatching(/^dispatch:/)],
      ['incident.response_started', `incident:${incidentId}`],
    ]);
  });

  it('an incident already 处置中 gets the order only', () => {
    const decided = decideDispatch(
      issue(newId()),
      { team, incidentExists: true, incidentStatus: 'responding' },
      ctx,
    );
    expect(decided.ok && decided.value.map((e) => e.type)).toEqual(['dispatch.issued']);
  });
});
