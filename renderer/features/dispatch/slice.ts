import { createSlice } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DomainError } from '../../../shared/errors';
import { fetchRanking, issueDispatch } from './commands';

export type Ranking = ApiOutput<'rankTeams'>;

export interface DispatchState {
  /** The ranking last fetched, for this incident, as of `asOf` (ms). */
  incidentId: string | null;
  ranking: Ranking | null;
  asOf: number | null;
  loading: boolean;
  errors: DomainError[];
  /** Team ids with an order being sent right now (the button waits). */
  sending: string[];
}

const initialState: DispatchState = {
  incidentId: null,
  ranking: null,
  asOf: null,
  loading: false,
  errors: [],
  sending: [],
};

export const dispatchSlice = createSlice({
  name: 'dispatch',
  initialState,
  reducers: {},
  extraReducers: (builder) =>
    builder
      .addCase(fetchRanking.pending, (state, { meta }) => {
        if (state.incidentId !== meta.arg.incidentId) state.ranking = null;
        state.incidentId = meta.arg.incidentId;
        state.loading = true;
        state.errors = [];
      })
      .addCase(fetchRanking.fulfilled, (state, { meta, payload }) => {
        if (state.incidentId !== meta.arg.incidentId) return;
        state.ranking = payload;
        state.asOf = meta.arg.nowMs;
        state.loading = false;
      })
      .addCase(fetchRanking.rejected, (state, { meta, payload }) => {
        if (state.incidentId !== meta.arg.incidentId) return;
        state.loading = false;
        state.ranking = null;
        state.errors = payload ?? [];
      })
      .addCase(issueDispatch.pending, (state, { meta }) => {
        state.sending.push(meta.arg.teamId);
        state.errors = [];
      })
      .addCase(issueDispatch.fulfilled, (state, { meta }) => {
        state.sending = state.sending.filter((t) => t !== meta.arg.teamId);
      })
      .addCase(issueDispatch.rejected, (state, { meta, payload }) => {
        state.sending = state.sending.filter((t) => t !== meta.arg.teamId);
        state.errors = payload ?? [];
      }),
});
