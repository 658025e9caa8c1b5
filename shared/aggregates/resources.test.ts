import { describe, expect, it } from 'vitest';
import { validateCommand } from '../commands/catalog';
import type { Actor } from '../domain/common';
import type { Team } from '../domain/resources';
import { eventPayloads } from '../events/catalog';
import { newId } from '../ids';
import { teamCommandsAfter } from '../dispatch/progress';
import {
  decideDispatch,
  decideResource,
  evolveDispatch,
  evolveTeam,
  type DispatchEvent,
  type TeamEvent,
} from './resources';

const officer: Actor = { id: 'li', name: '李主任', role: 'leader' };
const team: Team = {
  id: 'ws-rescue',
  name: '万盛综合应急救援队',
  kind: 'comprehensive',
  jurisdiction: '500110',
  headcount: 52,
  skills: [],
  equipment: [],
  base: { lon: 106.9, lat: 28.95 },
  status: 'en_route',
};
const at = '2025-07-01T10:05:00.000Z';
const envelope = {
  id: newId(),
  actor: officer,
  station: 'district-500110',
  jurisdiction: '500110',
  occurredAt: at,
  recordedAt: at,
  stationSeq: 1,
  hubSeq: null,
  prevHash: null,
  hash: '0'.repeat(64),
};
const teamEvent = (payload: Extract<TeamEvent, { type: 'team.status_changed' }>['payload']): TeamEvent => ({
  ...envelope,
  type: 'team.status_changed',
  stream: `team:${team.id}`,
  payload,
});
const orderId = newId();
const order = {
  id: orderId,
  teamId: team.id,
  incidentId: newId(),
  issuedBy: 'li',
  issuedAt: at,
  status: 'acknowledged' as const,
};
const ctx = { now: at, actor: officer, jurisdiction: '500110', newId: () => newId() };

describe('team status recorded at the console, with who, when and from where', () => {
  it('records the source a status change names and shows who recorded it', () => {
    const decided = decideResource(
      {
        id: newId(),
        type: 'team.change_status',
        payload: { teamId: team.id, status: 'on_scene', source: 'phone' },
        actor: officer,
      },
      { team },
    );
    expect(decided.ok && decided.value[0]?.payload).toEqual({ status: 'on_scene', source: 'phone' });
    const after = evolveTeam(team, teamEvent({ status: 'on_scene', source: 'phone' }));
    expect(after?.statusRecord).toEqual({ by: '李主任', at, source: 'phone' });
  });

  it('keeps events written before the source was recorded valid, and their record says no source', () => {
    expect(eventPayloads['team.status_changed'].safeParse({ status: 'returning' }).success).toBe(true);
    expect(eventPayloads['dispatch.arrived'].safeParse({}).success).toBe(true);
    expect(evolveTeam(team, teamEvent({ status: 'returning' }))?.statusRecord).toEqual({ by: '李主任', at });
  });

  it('a ledger re-import keeps who recorded the live status', () => {
    const recorded = evolveTeam(team, teamEvent({ status: 'on_scene', source: 'terminal' }));
    const reimported = evolveTeam(recorded, {
      ...envelope,
      type: 'team.registered',
      stream: `team:${team.id}`,
      payload: { team: { ...team, headcount: 60 } },
    });
    expect(reimported).toMatchObject({
      headcount: 60,
      status: 'on_scene',
      statusRecord: { source: 'terminal' },
    });
  });

  it('records an order step’s source on the order, and the team status that follows it carries the same source', () => {
    const decided = decideDispatch(
      {
        id: newId(),
        type: 'dispatch.arrive',
        payload: { dispatchId: orderId, source: 'phone' },
        actor: officer,
      },
      { order, team, incidentExists: true },
      ctx,
    );
    expect(decided.ok && decided.value[0]).toMatchObject({
      type: 'dispatch.arrived',
      payload: { source: 'phone' },
    });
    const arrived: DispatchEvent = {
      ...envelope,
      type: 'dispatch.arrived',
      stream: `dispatch:${orderId}`,
      payload: { source: 'phone' },
    };
    expect(evolveDispatch(order, arrived)).toMatchObject({
      status: 'arrived',
      lastRecord: { by: '李主任', at, source: 'phone' },
    });
    const [follow] = teamCommandsAfter(arrived, order, team, officer, () => newId());
    expect(follow?.payload).toMatchObject({ teamId: team.id, status: 'on_scene', source: 'phone' });
    expect(validateCommand(follow).ok).toBe(true);
  });

  it('records a cancelled order’s reason and source', () => {
    const decided = decideDispatch(
      {
        id: newId(),
        type: 'dispatch.cancel',
        payload: { dispatchId: orderId, reason: '险情已排除', source: 'console' },
        actor: officer,
      },
      { order, team, incidentExists: true },
      ctx,
    );
    expect(decided.ok && decided.value[0]?.payload).toEqual({ reason: '险情已排除', source: 'console' });
  });
});
