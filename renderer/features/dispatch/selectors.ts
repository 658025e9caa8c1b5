import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { dispatchAdapter, teamsAdapter } from '../resources/slice';
import { selectNow } from '../header/selectors';
import { etaCountdown } from '../../../shared/dispatch/progress';
import { dispatchStep } from './progress';

const orders = dispatchAdapter.getSelectors((s: RootState) => s.resources.dispatchOrders).selectAll;
const teamEntities = teamsAdapter.getSelectors((s: RootState) => s.resources.teams).selectEntities;

export const selectAllOrders = orders;
export const selectDispatch = (s: RootState) => s.dispatch;
export const selectSelectedIncidentId = (s: RootState) => s.map.selectedIncidentId;

/** The selected incident's orders, newest first, with their team, step and (ticking) time to arrival. */
export const selectOrdersOfSelected = createSelector(
  [orders, teamEntities, selectSelectedIncidentId, selectNow],
  (all, teams, incidentId, now) =>
    all
      .filter((o) => o.incidentId === incidentId)
      .sort((a, b) => b.issuedAt.localeCompare(a.issuedAt))
      .map((order) => {
        const team = teams[order.teamId];
        return { order, team, step: dispatchStep(order, team), countdown: etaCountdown(order, now) };
      }),
);

/** Each team's status, as one string: the ranking is fetched again when any of them changes. */
export const selectTeamStatusKey = createSelector(
  [teamsAdapter.getSelectors((s: RootState) => s.resources.teams).selectAll],
  (teams) => teams.map((t) => `${t.id}:${t.status}`).join(','),
);
