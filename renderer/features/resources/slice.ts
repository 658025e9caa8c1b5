import { createEntityAdapter, createSlice } from '@reduxjs/toolkit';
import type { Depot, RiskPoint, Shelter, Team } from '../../../shared/domain/resources';
import type { DispatchOrder } from '../../../shared/domain/operations';
import { changesReceived, snapshotLoaded } from '../../app/actions';

export const teamsAdapter = createEntityAdapter<Team>({
  sortComparer: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
});
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
        teamsAdapter.upsertMany(state.teams, payload.teams);
        sheltersAdapter.upsertMany(state.shelters, payload.shelters);
        dispatchAdapter.upsertMany(state.dispatchOrders, payload.dispatchOrders);
        depotsAdapter.upsertMany(state.depots, payload.depots);
        riskPointsAdapter.upsertMany(state.riskPoints, payload.riskPoints);
      }),
});
