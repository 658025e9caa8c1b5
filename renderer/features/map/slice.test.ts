import { describe, expect, it } from 'vitest';
import { Team } from '../../../shared/domain/resources';
import { rootReducer } from '../../app/store';
import { changesReceived, dispatchPanelClosed, dispatchPanelOpened, incidentSelected } from '../../app/actions';
import { layerToggled } from './slice';

const moving = (lon: number) =>
  Team.parse({
    id: 'rescue-1',
    name: '综合救援队',
    kind: 'comprehensive',
    jurisdiction: '500110',
    headcount: 20,
    base: { lon: 106.5, lat: 28.8 },
    status: 'en_route',
    position: { point: { lon, lat: 28.9 }, headingDeg: 45, at: '2026-11-25T02:00:00.000Z' },
  });

const push = (teams: Team[], extras: object = {}) =>
  changesReceived({
    kind: 'changes',
    events: [],
    incidents: [],
    reports: [],
    obligations: [],
    teams,
    shelters: [],
    dispatchOrders: [],
    depots: [],
    riskPoints: [],
    ...extras,
  });

describe('the map state of a window', () => {
  it('one selection for the list and the map; choosing another incident closes the dispatch panel', () => {
    let state = rootReducer(undefined, dispatchPanelOpened('01J0000000000000000000000A'));
    expect(state.map).toMatchObject({ selectedIncidentId: '01J0000000000000000000000A', dispatchOpen: true });
    state = rootReducer(state, incidentSelected('01J0000000000000000000000B'));
    expect(state.map).toMatchObject({
      selectedIncidentId: '01J0000000000000000000000B',
      dispatchOpen: false,
    });
    state = rootReducer(state, dispatchPanelOpened('01J0000000000000000000000B'));
    state = rootReducer(state, dispatchPanelClosed());
    expect(state.map.dispatchOpen).toBe(false);
    expect(state.map.selectedIncidentId).toBe('01J0000000000000000000000B');
  });
  it('layers toggle off and on again', () => {
    let state = rootReducer(undefined, layerToggled('riskPoints'));
    expect(state.map.hiddenLayers).toEqual(['riskPoints']);
    state = rootReducer(state, layerToggled('riskPoints'));
    expect(state.map.hiddenLayers).toEqual([]);
  });
  it('a moving team leaves a trail of the positions pushed, and warnings pushed by the station are kept by id', () => {
    let state = rootReducer(undefined, push([moving(106.6)]));
    state = rootReducer(state, push([moving(106.61)]));
    expect(state.map.trails['rescue-1']).toEqual([
      [106.6, 28.9],
      [106.61, 28.9],
    ]);
    const warning = {
      id: '01J0000000000000000000000W',
      hazard: '暴雨',
      colour: 'orange' as const,
      areas: ['500110'],
    };
    state = rootReducer(state, push([], { warnings: [warning] }));
    state = rootReducer(state, push([], { warnings: [{ ...warning, colour: 'red' }] }));
    expect(state.map.warnings).toEqual([{ ...warning, colour: 'red' }]);
  });
});

describe('the map does not redraw on every clock tick', () => {
  it('incident markers stay the same object until an incident starts being overdue', async () => {
    const { Incident } = await import('../../../shared/domain/incident');
    const { clockTicked } = await import('../../app/actions');
    const { selectIncidentMarkers } = await import('./selectors');
    const incident = Incident.parse({
      id: '01J0000000000000000000000C',
      jurisdiction: '500110',
      status: 'received',
      version: 1,
      facts: {
        title: '某镇山体滑坡',
        category: 'natural_disaster',
        subtype: 'landslide',
        level: 'III',
        location: { areaCode: '500110001', address: '某村', point: { lon: 106.6, lat: 28.9 } },
        occurredAt: '2026-11-25T01:40:00.000Z',
        receivedAt: '2026-11-25T01:52:00.000Z',
        source: 'phone',
        casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
        affectedPeople: 0,
        description: '山体滑坡',
      },
    });
    const obligation = { state: 'pending', dueAt: '2026-11-25T02:52:00.000Z' };
    let state = rootReducer(
      undefined,
      changesReceived({
        ...(push([]).payload as object),
        incidents: [incident],
        obligations: [{ incidentId: incident.id, obligations: [obligation] }],
      } as Parameters<typeof changesReceived>[0]),
    );
    state = rootReducer(state, clockTicked(Date.parse('2026-11-25T02:00:00.000Z')));
    const first = selectIncidentMarkers(state);
    state = rootReducer(state, clockTicked(Date.parse('2026-11-25T02:00:01.000Z')));
    expect(selectIncidentMarkers(state)).toBe(first);
    expect(first[0]?.overdue).toBe(false);
    state = rootReducer(state, clockTicked(Date.parse('2026-11-25T02:53:00.000Z')));
    expect(selectIncidentMarkers(state)).not.toBe(first);
    expect(selectIncidentMarkers(state)[0]?.overdue).toBe(true);
  });
});
