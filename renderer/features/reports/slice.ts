import { createEntityAdapter, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Report } from '../../../shared/domain/report';
import type { Obligation } from '../../../shared/rules/obligation';
import { changesReceived, snapshotLoaded } from '../../app/actions';

export const reportsAdapter = createEntityAdapter<Report>();

/** Obligations arrive per incident and replace that incident's list whole. */
export interface IncidentObligations {
  incidentId: string;
  obligations: Obligation[];
}
export const obligationsAdapter = createEntityAdapter<IncidentObligations, string>({
  selectId: (o) => o.incidentId,
});

export const reportsSlice = createSlice({
  name: 'reports',
  initialState: {
    reports: reportsAdapter.getInitialState(),
    obligations: obligationsAdapter.getInitialState(),
    /** The incident whose report desk (draft, sign, send, versions) is open, if any. */
    deskIncidentId: null as string | null,
  },
  reducers: {
    reportDeskOpened: (state, { payload }: PayloadAction<string | null>) => {
      state.deskIncidentId = payload;
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        reportsAdapter.setAll(state.reports, payload.reports);
        obligationsAdapter.setAll(state.obligations, payload.obligations);
      })
      .addCase(changesReceived, (state, { payload }) => {
        reportsAdapter.upsertMany(state.reports, payload.reports);
        obligationsAdapter.setMany(state.obligations, payload.obligations);
      }),
});

export const { reportDeskOpened } = reportsSlice.actions;
