import { createEntityAdapter, createSlice } from '@reduxjs/toolkit';
import type { Depot, RiskPoint, Shelter, Team } from '../../../shared/domain/resources';
import type { DispatchOrder } from '../../../shared/domain/operations';
import { changesReceived, snapshotLoaded } from '../../app/actions';

// Unsorted: a sorted adapter copies every entity (Immer `current`) to re-sort on each update, and the
// teams move every second. Lists sort in their selectors (selectTeamsByActivity).
export const teamsAdapter = createEntityAdapter<Team>();
export const depotsAdapter = createEntityAdapter<Depot>();
export const sheltersAdapter = createEntityAdapter<Shelter>();
export const riskPointsAdapter = createEntityAdapter<RiskPoint>();
export const dispatchAdapter = createEntityAdapter<DispatchOrder>();

export const resourcesSlice = createSlice({
  name: 'resources',
  initialState: {
    teams: teamsAdapter.getInitialState(),
    depots: depotsAdapter.getInitialState(),
    shelters: sheltersAdapter.getInitialState(),
    riskPoints: riskPointsAdapter.getInitialState(),
    dispatchOrders: dispatchAdapter.getInitialState(),
  },
  reducers: {},
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        teamsAdapter.setAll(state.teams, payload.teams);
        depotsAdapter.setAll(state.depots, payload.depots);
        sheltersAdapter.setAll(state.shelters, payload.shelters);
        riskPointsAdapter.setAll(state.riskPoints, payload.riskPoints);
        dispatchAdapter.setAll(state.dispatchOrders, payload.dispatchOrders);
      })
      .addCase(changesReceived, (state, { payload }) => {
        // The station sends each changed team whole: replace it. Frozen first, so Immer stores it as
        // it is rather than walking 2,000 teams on every 1 Hz position update (nothing mutates them).
        teamsAdapter.setMany(state.teams, payload.teams.map((t) => Object.freeze(t)));
        sheltersAdapter.upsertMany(state.shelters, payload.shelters);
        dispatchAdapter.upsertMany(state.dispatchOrders, payload.dispatchOrders);
        depotsAdapter.upsertMany(state.depots, payload.depots);
        riskPointsAdapter.upsertMany(state.riskPoints, payload.riskPoints);
      }),
});
