import { createSelector } from '@reduxjs/toolkit';
import { selectOpenIncidents } from '../incidents/selectors';
import { selectRiskPoints, selectTeams } from '../resources/selectors';
import { dispatchAdapter } from '../resources/slice';
import type { RootState } from '../../app/store';
import { aggregateRiskPoints, dispatchLines } from './layers';

export interface MapPoint {
  id: string;
  kind: 'incident' | 'team';
  name: string;
  lon: number;
  lat: number;
  /** Severity level for incidents, status for teams. */
  tag: string;
}

/** What the map draws: open incidents with a known point, and teams at their last position (or base). */
export const selectMapPoints = createSelector(
  [selectOpenIncidents, selectTeams],
  (incidents, teams): MapPoint[] => [
    ...teams.map((t) => {
      const at = t.position?.point ?? t.base;
      return { id: t.id, kind: 'team' as const, name: t.name, lon: at.lon, lat: at.lat, tag: t.status };
    }),
    ...incidents.flatMap((i) => {
      const p = i.facts.location.point;
      return p
        ? [
            {
              id: i.id,
              kind: 'incident' as const,
              name: i.facts.title,
              lon: p.lon,
              lat: p.lat,
              tag: i.facts.level,
            },
          ]
        : [];
    }),
  ],
);

const selectDispatchOrders = dispatchAdapter.getSelectors((s: RootState) => s.resources.dispatchOrders).selectAll;

/** Risk points as grid clusters of about 5 km, so thousands of them do not bury the incidents. */
export const selectRiskClusters = createSelector([selectRiskPoints], (points) => aggregateRiskPoints(points, 0.05));

/** Orders under way as lines team → incident; the countdown is as of `nowMs` (the pane ticks it). */
export const selectDispatchLines = createSelector(
  [selectDispatchOrders, selectTeams, selectOpenIncidents, (_s: RootState, nowMs: number) => nowMs],
  (orders, teams, incidents, nowMs) => dispatchLines(orders, teams, incidents, nowMs),
);
