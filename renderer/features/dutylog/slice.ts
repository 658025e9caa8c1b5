import { createEntityAdapter, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { EventEnvelope } from '../../../shared/events/envelope';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import { changesReceived, snapshotLoaded } from '../../app/actions';
import { searchDutyLog } from './commands';

/** The newest events of the station's log (系统动态), as recorded; the full log stays in the station. */
export const LOG_LIMIT = 500;
/** Duty-log entries kept in the window; older ones are found by searching the station. */
export const ENTRY_LIMIT = 1000;

export const dutyLogAdapter = createEntityAdapter<EventEnvelope>({
  sortComparer: (a, b) => b.recordedAt.localeCompare(a.recordedAt) || b.id.localeCompare(a.id),
});

const newestFirst = (a: DutyLogEntry, b: DutyLogEntry) =>
  Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || b.id.localeCompare(a.id);
export const entryAdapter = createEntityAdapter<DutyLogEntry>({ sortComparer: newestFirst });

export interface DutyLogState {
  /** Station events (the activity feed; also read by the warnings pane). */
  events: ReturnType<typeof dutyLogAdapter.getInitialState>;
  /** 值班日志 entries as the station sent them: its recent ones and every one recorded or corrected since. */
  entries: ReturnType<typeof entryAdapter.getInitialState>;
  /** The words searched for; the station's answer, newest first; null while none is asked. */
  search: { q: string; results: DutyLogEntry[] | null; pending: boolean };
}

const initialState: DutyLogState = {
  events: dutyLogAdapter.getInitialState(),
  entries: entryAdapter.getInitialState(),
  search: { q: '', results: null, pending: false },
};

export const dutyLogSlice = createSlice({
  name: 'dutyLog',
  initialState,
  reducers: {
    searchChanged(state, { payload }: PayloadAction<string>) {
      state.search.q = payload;
      if (payload.trim() === '') state.search = { q: payload, results: null, pending: false };
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        dutyLogAdapter.setAll(state.events, payload.recentEvents);
        entryAdapter.setAll(state.entries, payload.dutyLog);
      })
      .addCase(changesReceived, (state, { payload }) => {
        dutyLogAdapter.upsertMany(state.events, payload.events);
        if (state.events.ids.length > LOG_LIMIT)
          dutyLogAdapter.removeMany(state.events, state.events.ids.slice(LOG_LIMIT));
        const changed = payload.dutyLog ?? [];
        if (changed.length === 0) return;
        entryAdapter.upsertMany(state.entries, changed);
        if (state.entries.ids.length > ENTRY_LIMIT)
          entryAdapter.removeMany(state.entries, state.entries.ids.slice(ENTRY_LIMIT));
        // A search already shown follows corrections of the entries it lists.
        const results = state.search.results;
        if (results) {
          const byId = new Map(changed.map((e) => [e.id, e]));
          state.search.results = results.map((e) => byId.get(e.id) ?? e);
        }
      })
      .addCase(searchDutyLog.pending, (state, { meta }) => {
        state.search.pending = true;
        state.search.q = meta.arg.q;
      })
      .addCase(searchDutyLog.fulfilled, (state, { payload, meta }) => {
        // Only the answer to the words still in the box is shown.
        if (meta.arg.q !== state.search.q) return;
        state.search.pending = false;
        state.search.results = payload;
      })
      .addCase(searchDutyLog.rejected, (state, { meta }) => {
        if (meta.arg.q !== state.search.q) return;
        state.search.pending = false;
        state.search.results = [];
      }),
});

export const { searchChanged } = dutyLogSlice.actions;
