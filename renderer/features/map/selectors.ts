import { createSelector } from '@reduxjs/toolkit';
import { selectOpenIncidents } from '../incidents/selectors';
import { selectTeams } from '../resources/selectors';

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
