import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { dutyLogAdapter, entryAdapter } from './slice';
import type { Warning } from '../../../shared/domain/operations';

export const selectDutyLog = dutyLogAdapter.getSelectors((s: RootState) => s.dutyLog.events).selectAll;
export const selectDutyLogEntries = entryAdapter.getSelectors((s: RootState) => s.dutyLog.entries).selectAll;
export const selectDutyLogSearch = (s: RootState) => s.dutyLog.search;

/** What the list shows: the search's answer while words are typed, else the entries the window holds. */
export const selectShownEntries = createSelector(
  [selectDutyLogEntries, selectDutyLogSearch],
  (entries, search) => (search.q.trim() !== '' && search.results ? search.results : entries),
);

/** Warnings seen in the recent log (issued and not lifted); the warning feature will give them their own slice. */
export const selectRecentWarnings = createSelector([selectDutyLog], (events) => {
  const lifted = new Set(events.filter((e) => e.type === ('warning.lifted' as string)).map((e) => e.stream));
  return events
    .filter((e) => e.type === ('warning.issued' as string) && !lifted.has(e.stream))
    .map((e) => (e.payload as { warning: Warning }).warning)
    .filter((w): w is Warning => typeof w === 'object' && w !== null && 'hazard' in w);
});
