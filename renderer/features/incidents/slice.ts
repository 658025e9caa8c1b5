import { createEntityAdapter, createSlice } from '@reduxjs/toolkit';
import type { Incident } from '../../../shared/domain/incident';
import { changesReceived, snapshotLoaded } from '../../app/actions';

export const incidentsAdapter = createEntityAdapter<Incident>({
  // Newest call first: the duty officer looks at what just came in.
  sortComparer: (a, b) => b.facts.receivedAt.localeCompare(a.facts.receivedAt) || b.id.localeCompare(a.id),
});

export const incidentsSlice = createSlice({
  name: 'incidents',
  initialState: incidentsAdapter.getInitialState(),
  reducers: {},
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => incidentsAdapter.setAll(state, payload.incidents))
      .addCase(changesReceived, (state, { payload }) =>
        incidentsAdapter.upsertMany(state, payload.incidents),
      ),
});
