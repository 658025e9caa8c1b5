import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { incidentsAdapter } from './slice';

const base = incidentsAdapter.getSelectors((s: RootState) => s.incidents);

export const selectIncidentById = base.selectById;
export const selectAllIncidents = base.selectAll;

/** What the board lists: everything not yet closed, newest call first. */
export const selectOpenIncidents = createSelector([base.selectAll], (all) =>
  all.filter((i) => i.status !== 'closed'),
);
