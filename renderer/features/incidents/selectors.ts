import { createSelector, lruMemoize } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { toMs } from '../../../shared/time';
import { obligationsAdapter } from '../reports/slice';
import { incidentsAdapter } from './slice';
import { compareByUrgency } from './urgency';

const base = incidentsAdapter.getSelectors((s: RootState) => s.incidents);
const obligationEntities = obligationsAdapter.getSelectors(
  (s: RootState) => s.reports.obligations,
).selectEntities;

export const selectIncidentById = base.selectById;
export const selectAllIncidents = base.selectAll;

/** Everything not yet closed, newest call first (the map and the clocks; lists use selectIncidentsByUrgency). */
export const selectOpenIncidents = createSelector([base.selectAll], (all) =>
  all.filter((i) => i.status !== 'closed'),
);

/**
 * How many reports each open incident has past due, as one string ("id:n,…"): checked on every clock tick,
 * but equal (so the lists do not re-sort) until a report falls overdue or is sent.
 */
const selectOverdueCounts = createSelector(
  [selectOpenIncidents, obligationEntities, (s: RootState) => s.station.now],
  (incidents, byIncident, now) =>
    incidents
      .map((i) => {
        const n = (byIncident[i.id]?.obligations ?? []).filter(
          (o) => o.state === 'overdue' || (o.state === 'pending' && toMs(o.dueAt) < now),
        ).length;
        return n > 0 ? `${i.id}:${n}` : '';
      })
      .filter(Boolean)
      .join(','),
  { memoize: lruMemoize, argsMemoize: lruMemoize },
);

/**
 * Every list of incidents (the board, the wall, the palette, the duty log's picker) in one order: the most
 * urgent first (see compareByUrgency). The one place that order is decided.
 */
export const selectIncidentsByUrgency = createSelector(
  [selectOpenIncidents, selectOverdueCounts],
  (incidents, overdueKey) => {
    const overdue = new Map(
      overdueKey
        .split(',')
        .filter(Boolean)
        .map((entry) => {
          const [id = '', n = '0'] = entry.split(':');
          return [id, Number(n)] as const;
        }),
    );
    return [...incidents].sort(compareByUrgency(overdue));
  },
);

/** The most urgent open incident, if any: the wall keeps it in sight whatever pane has its turn. */
export const selectMostUrgentIncident = createSelector([selectIncidentsByUrgency], (list) => list[0]);
