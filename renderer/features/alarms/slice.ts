import { createEntityAdapter, createSlice } from '@reduxjs/toolkit';
import type { Alarm } from '../../../shared/api/contract';
import { alarmCleared, alarmRaised, snapshotLoaded } from '../../app/actions';

export const alarmsAdapter = createEntityAdapter<Alarm>({
  sortComparer: (a, b) =>
    severityRank[a.severity] - severityRank[b.severity] || b.raisedAt.localeCompare(a.raisedAt),
});
const severityRank = { urgent: 0, warning: 1, info: 2 } as const;

export const alarmsSlice = createSlice({
  name: 'alarms',
  initialState: alarmsAdapter.getInitialState(),
  reducers: {},
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => alarmsAdapter.setAll(state, payload.alarms))
      .addCase(alarmRaised, (state, { payload }) => alarmsAdapter.upsertOne(state, payload))
      .addCase(alarmCleared, (state, { payload }) => alarmsAdapter.removeOne(state, payload.alarmId)),
});

export const selectAlarms = alarmsAdapter.getSelectors(
  (s: { alarms: ReturnType<typeof alarmsSlice.reducer> }) => s.alarms,
).selectAll;
