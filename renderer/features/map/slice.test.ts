import { describe, expect, it } from 'vitest';
import { Team } from '../../../shared/domain/resources';
import { rootReducer } from '../../app/store';
import { changesReceived } from '../../app/actions';
import { dispatchPanelClosed, dispatchPanelOpened, incidentSelected, layerToggled } from './slice';

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
  } as Parameters<typeof changesReceived>[0]);

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
