import { createSelector, lruMemoize } from '@reduxjs/toolkit';
import { selectOpenIncidents } from '../incidents/selectors';
import { selectRiskPoints, selectShelters, selectTeams } from '../resources/selectors';
import { depotsAdapter, dispatchAdapter } from '../resources/slice';
import { obligationsAdapter } from '../reports/slice';
import { selectNow } from '../header/selectors';
import type { RootState } from '../../app/store';
import {
  aggregateRiskPoints,
  depotMarkers,
  dispatchLines,
  headquartersSites,
  incidentMarkers,
  shelterMarkers,
  teamMarkers,
} from './markers';

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

const selectDispatchOrders = dispatchAdapter.getSelectors(
  (s: RootState) => s.resources.dispatchOrders,
).selectAll;

/** Risk points as grid clusters of about 5 km, so thousands of them do not bury the incidents. */
export const selectRiskClusters = createSelector([selectRiskPoints], (points) =>
  aggregateRiskPoints(points, 0.05),
);

/**
 * Risk points gathered at the current zoom (a cell of about 40 px; `cellDeg` from clusterCellDeg),
 * one dot per point when zoomed in close (`cellDeg` null).
 */
export const selectRiskClustersAt = createSelector(
  [selectRiskPoints, (_s: RootState, cellDeg: number | null) => cellDeg],
  (points, cellDeg) =>
    cellDeg === null
      ? points.map((p) => ({
          lon: p.point.lon,
          lat: p.point.lat,
          count: 1,
          level: p.level,
          ids: [p.id],
          name: p.name,
        }))
      : aggregateRiskPoints(points, cellDeg),
);

/**
 * Orders under way as lines team → incident; the countdown is as of `nowMs`: the pane passes the
 * window's one clock tick (selectNow), so the labels move on with every other countdown.
 */
export const selectDispatchLines = createSelector(
  [selectDispatchOrders, selectTeams, selectOpenIncidents, (_s: RootState, nowMs: number) => nowMs],
  (orders, teams, incidents, nowMs) => dispatchLines(orders, teams, incidents, nowMs),
  // The clock is an argument that never repeats: the default weakMapMemoize keeps one entry per tick
  // for as long as the other inputs live (a heap that grows all shift). Keep the last one only.
  { memoize: lruMemoize, argsMemoize: lruMemoize },
);

const selectObligationEntities = obligationsAdapter.getSelectors(
  (s: RootState) => s.reports.obligations,
).selectEntities;
const selectObligationLists = createSelector([selectObligationEntities], (byIncident) =>
  Object.fromEntries(Object.entries(byIncident).map(([id, entry]) => [id, entry?.obligations ?? []])),
);

/**
 * Which open incidents have a report past due, as one string: re-checked on each tick, but equal (and
 * so not redrawing the map) until an incident starts or stops being overdue.
 */
const selectOverdueKey = createSelector(
  [selectOpenIncidents, selectObligationLists, selectNow],
  (incidents, obligations, now) =>
    incidentMarkers(incidents, obligations, now)
      .filter((m) => m.overdue)
      .map((m) => m.id)
      .join(','),
  { memoize: lruMemoize, argsMemoize: lruMemoize },
);

/** Open incidents as markers; one with an owed report past due pulses. */
export const selectIncidentMarkers = createSelector(
  [selectOpenIncidents, selectOverdueKey],
  (incidents, overdueKey) => {
    const overdue = new Set(overdueKey.split(','));
    return incidentMarkers(incidents, {}, 0).map((m) => ({ ...m, overdue: overdue.has(m.id) }));
  },
);
export const selectTeamMarkers = createSelector([selectTeams], teamMarkers);
export const selectShelterMarkers = createSelector([selectShelters], shelterMarkers);
export const selectDepotMarkers = createSelector(
  [depotsAdapter.getSelectors((s: RootState) => s.resources.depots).selectAll],
  depotMarkers,
);
export const selectTrails = (s: RootState) => s.map.trails;
export const selectHiddenLayers = (s: RootState) => s.map.hiddenLayers;
export const selectSelectedIncident = (s: RootState) => s.map.selectedIncidentId;
export const selectMapWarnings = (s: RootState) => s.map.warnings;
export const selectHeadquartersSites = createSelector(
  [(s: RootState) => s.map.headquarters, selectOpenIncidents],
  headquartersSites,
);
