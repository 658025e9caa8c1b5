import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { toMs } from '../../../shared/time';
import { obligationsAdapter } from './slice';
import { selectAllIncidents } from '../incidents/selectors';
import { selectNow } from '../header/selectors';

const obligations = obligationsAdapter.getSelectors((s: RootState) => s.reports.obligations);

export type ClockUrgency = 'calm' | 'warning' | 'urgent' | 'overdue';

/** calm, then warning at 10 minutes, urgent at 2 minutes, overdue after (issue 5's ladder). */
export const urgencyOf = (remainingMs: number): ClockUrgency =>
  remainingMs < 0
    ? 'overdue'
    : remainingMs <= 2 * 60_000
      ? 'urgent'
      : remainingMs <= 10 * 60_000
        ? 'warning'
        : 'calm';

/**
 * Still-owed reports, soonest first (the part that does not change every second): closed incidents too, for
 * closing one is what starts its 终报 (and a casualty change after it, its 补报).
 */
export const selectOwedReports = createSelector(
  [selectAllIncidents, obligations.selectEntities],
  (incidents, byIncident) =>
    incidents
      .flatMap((incident) =>
        (byIncident[incident.id]?.obligations ?? [])
          .filter((o) => o.state === 'pending' || o.state === 'overdue')
          .map((o) => ({ obligation: o, incidentTitle: incident.facts.title, dueMs: toMs(o.dueAt) })),
      )
      .sort((a, b) => a.dueMs - b.dueMs),
);

/** The countdown rows: recomputed on each clock tick only. */
export const selectReportClocks = createSelector([selectOwedReports, selectNow], (owed, now) =>
  owed.map((row) => ({ ...row, remainingMs: row.dueMs - now, urgency: urgencyOf(row.dueMs - now) })),
);
