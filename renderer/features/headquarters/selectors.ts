import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import type { HeadquartersObligation } from '../../../shared/headquarters/obligations';
import { selectNow } from '../header/selectors';
import { headquartersAdapter } from './slice';

const items = headquartersAdapter.getSelectors((s: RootState) => s.headquarters.items);
export const selectAllHeadquarters = items.selectAll;
export const selectHeadquartersById = items.selectById;

/** Every headquarters of one incident, newest first. */
export const selectHeadquartersOf = createSelector(
  [selectAllHeadquarters, (_s: RootState, incidentId: string | null) => incidentId],
  (all, incidentId) => (incidentId ? all.filter((h) => h.incidentId === incidentId) : []),
);

export type CountdownState = 'done' | 'done_late' | 'pending' | 'soon' | 'overdue' | 'waived';

export interface Countdown {
  obligation: HeadquartersObligation;
  remainingMs: number;
  state: CountdownState;
}

/**
 * Task countdowns and check-in deadlines as of the shared clock tick. The station gave each due
 * time; whether it is met comes from the headquarters as now projected (a check-in or a task done
 * since the record was fetched counts at once).
 */
export function countdownsAt(
  obligations: readonly HeadquartersObligation[],
  done: { checkedIn: ReadonlySet<string>; tasks: ReadonlySet<string>; terminated: boolean },
  now: number,
): Countdown[] {
  return obligations.map((o) => {
    const dueMs = Date.parse(o.dueAt);
    const remainingMs = dueMs - now;
    const met =
      o.state === 'met' ||
      o.state === 'met_late' ||
      (o.kind === 'hq_check_in' && o.personId !== undefined && done.checkedIn.has(o.personId)) ||
      (o.kind === 'hq_task' && done.tasks.has(`${o.group ?? ''}.${o.taskKey ?? ''}`));
    const state: CountdownState = met
      ? o.state === 'met_late'
        ? 'done_late'
        : 'done'
      : o.state === 'waived' || done.terminated
        ? 'waived'
        : remainingMs < 0
          ? 'overdue'
          : remainingMs <= 10 * 60_000
            ? 'soon'
            : 'pending';
    return { obligation: o, remainingMs, state };
  });
}

export const selectHqNow = selectNow;
