import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { dispatchAdapter, riskPointsAdapter, sheltersAdapter, teamsAdapter } from './slice';

export const selectTeams = teamsAdapter.getSelectors((s: RootState) => s.resources.teams).selectAll;
export const selectShelters = sheltersAdapter.getSelectors((s: RootState) => s.resources.shelters).selectAll;
export const selectRiskPoints = riskPointsAdapter.getSelectors(
  (s: RootState) => s.resources.riskPoints,
).selectAll;

const byName = new Intl.Collator('zh-CN').compare;

/** Teams out on a job first (they are what the commander watches), then standby; by name within each. */
export const selectTeamsByActivity = createSelector([selectTeams], (teams) =>
  [...teams].sort(
    (a, b) => Number(a.status === 'standby') - Number(b.status === 'standby') || byName(a.name, b.name),
  ),
);

export const selectDispatchOrders = dispatchAdapter.getSelectors((s: RootState) => s.resources.dispatchOrders).selectAll;
