import { describe, expect, it } from 'vitest';
import { Incident } from '../../../shared/domain/incident';
import { Team, RiskPoint } from '../../../shared/domain/resources';
import type { DispatchOrder } from '../../../shared/domain/operations';
import { newId } from '../../../shared/ids';
import { aggregateRiskPoints, dispatchLines } from './markers';
import { rootReducer } from '../../app/store';
import { changesReceived } from '../../app/actions';
import { selectDispatchLines } from './selectors';

const risk = (id: string, lon: number, lat: number, level: RiskPoint['level']) =>
  RiskPoint.parse({ id, name: id, jurisdiction: '500101', kind: 'landslide', point: { lon, lat }, level });

const incidentId = newId();
const incident = Incident.parse({
  id: incidentId,
  jurisdiction: '500101',
  status: 'received',
  version: 1,
  facts: {
    title: '某镇山体滑坡',
    category: 'natural_disaster',
    subtype: 'landslide',
    level: 'III',
    location: { areaCode: '500101001', address: '某村三组', point: { lon: 106.55, lat: 29.56 } },
    occurredAt: '2026-11-25T01:40:00.000Z',
    receivedAt: '2026-11-25T01:52:00.000Z',
    source: 'phone',
    casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
    affectedPeople: 0,
    description: '山体滑坡',
  },
});
const team = Team.parse({
  id: 'rescue-1',
  name: '综合救援队',
  kind: 'comprehensive',
  jurisdiction: '500101',
  headcount: 20,
  base: { lon: 106.5, lat: 29.5 },
});
const order = (status: DispatchOrder['status'], etaAt?: string): DispatchOrder => ({
  id: newId(),
  teamId: 'rescue-1',
  incidentId,
  issuedBy: 'officer-1',
  issuedAt: '2026-11-25T02:00:00.000Z',
  status,
  ...(etaAt ? { etaAt } : {}),
});

describe('risk points on a zoomed-out map', () => {
  it('gathers points of one cell into one dot at their mean, coloured by the gravest level', () => {
    const clusters = aggregateRiskPoints(
      [risk('a', 106.51, 29.51, 'low'), risk('b', 106.53, 29.53, 'major'), risk('c', 107.2, 29.9, 'medium')],
      0.1,
    );
    expect(clusters).toHaveLength(2);
    const near = clusters.find((c) => c.count === 2);
    expect(near?.level).toBe('major');
    expect(near?.lon).toBeCloseTo(106.52, 6);
    expect(near?.lat).toBeCloseTo(29.52, 6);
    expect(clusters.find((c) => c.count === 1)?.ids).toEqual(['c']);
  });
});

describe('dispatch lines team → incident', () => {
  const now = Date.parse('2026-11-25T02:10:00.000Z');
  it('draws orders under way from the team to the incident with the time left to arrival', () => {
    const [line] = dispatchLines(
      [order('acknowledged', '2026-11-25T02:25:00.000Z')],
      [team],
      [incident],
      now,
    );
    expect(line?.from).toEqual([106.5, 29.5]);
    expect(line?.to).toEqual([106.55, 29.56]);
    expect(line?.remainingMs).toBe(15 * 60_000);
    expect(line?.late).toBe(false);
  });
  it('marks an order past its estimated arrival as late', () => {
    const [line] = dispatchLines([order('issued', '2026-11-25T02:05:00.000Z')], [team], [incident], now);
    expect(line?.late).toBe(true);
  });
  it('draws no line once the team has arrived, or when the team is unknown here', () => {
    expect(dispatchLines([order('arrived')], [team], [incident], now)).toEqual([]);
    expect(dispatchLines([order('issued')], [], [incident], now)).toEqual([]);
  });
});

describe('the map selector over the window state', () => {
  it('draws a line for an order pushed by the station and drops it when the order is completed', () => {
    const issued = order('acknowledged', '2026-11-25T02:25:00.000Z');
    const push = (orders: DispatchOrder[]) =>
      changesReceived({
        kind: 'changes',
        events: [],
        incidents: [incident],
        reports: [],
        obligations: [],
        teams: [team],
        shelters: [],
        dispatchOrders: orders,
        depots: [],
        riskPoints: [],
      });
    let state = rootReducer(undefined, push([issued]));
    const now = Date.parse('2026-11-25T02:10:00.000Z');
    expect(selectDispatchLines(state, now).map((l) => l.orderId)).toEqual([issued.id]);
    state = rootReducer(state, push([{ ...issued, status: 'completed' }]));
    expect(selectDispatchLines(state, now)).toEqual([]);
  });
});
