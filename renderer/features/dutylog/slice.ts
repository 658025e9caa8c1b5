import { createEntityAdapter, createSlice } from '@reduxjs/toolkit';
import type { EventEnvelope } from '../../../shared/events/envelope';
import { changesReceived, snapshotLoaded } from '../../app/actions';

/** The newest entries of the station's log, as recorded; the full log stays in the station. */
export const LOG_LIMIT = 500;

export const dutyLogAdapter = createEntityAdapter<EventEnvelope>({
  sortComparer: (a, b) => b.recordedAt.localeCompare(a.recordedAt) || b.id.localeCompare(a.id),
});

export const dutyLogSlice = createSlice({
  name: 'dutyLog',
  initialState: dutyLogAdapter.getInitialState(),
  reducers: {},
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => dutyLogAdapter.setAll(state, payload.recentEvents))
      .addCase(changesReceived, (state, { payload }) => {
        dutyLogAdapter.upsertMany(state, payload.events);
        if (state.ids.length > LOG_LIMIT) dutyLogAdapter.removeMany(state, state.ids.slice(LOG_LIMIT));
      }),
});
