import { describe, expect, it } from 'vitest';
import type { DispatchOrder } from '../domain/operations';
import type { Team } from '../domain/resources';
import { dispatchMeasures } from './measures';

const team: Team = {
  id: 'team-rescue-1',
  name: '某区综合应急救援大队',
  kind: 'comprehensive',
  jurisdiction: '500101',
  headcount: 20,
  skills: [],
  equipment: [],
  base: { lon: 106.5, lat: 29.5 },
  status: 'en_route',
};

const order = (over: Partial<DispatchOrder>): DispatchOrder => ({
  id: '01JD0000000000000000000001',
  teamId: team.id,
  incidentId: '01JD00000000000000000000AA',
  issuedBy: 'officer-wang',
  issuedAt: '2026-11-25T02:00:00.000Z',
  status: 'issued',
  ...over,
});

describe('measures drafted from dispatch orders', () => {
  it('names the team, its strength, and when it was sent and arrived, in time order', () => {
    const lines = dispatchMeasures(
      [order({ arrivedAt: '2026-11-25T02:35:00.000Z', status: 'arrived' })],
      [team],
      '01JD00000000000000000000AA',
    );
    expect(lines).toEqual([
      '2026年11月25日10时00分，调派某区综合应急救援大队20人赶赴现场',
      '2026年11月25日10时35分，某区综合应急救援大队到达现场开展处置',
    ]);
  });

  it('leaves out cancelled orders, other incidents, and what happened before the previous report', () => {
    const orders = [
      order({ status: 'cancelled' }),
      order({ incidentId: '01JD00000000000000000000BB' }),
      order({ arrivedAt: '2026-11-25T02:35:00.000Z', status: 'arrived' }),
    ];
    expect(
      dispatchMeasures(orders, [team], '01JD00000000000000000000AA', Date.parse('2026-11-25T02:10:00.000Z')),
    ).toEqual(['2026年11月25日10时35分，某区综合应急救援大队到达现场开展处置']);
  });
});
