import { createEntityAdapter, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import type { WarningStateWire } from '../../../shared/api/warnings-calls';
import type { DomainError } from '../../../shared/errors';
import { changesReceived, snapshotLoaded } from '../../app/actions';
import {
  acknowledgeByPhone,
  fetchRecipientsPreview,
  fetchWarningAreas,
  fetchWarningRecord,
  issueWarning,
  liftWarning,
  reportAction,
} from './commands';

export const warningsAdapter = createEntityAdapter<WarningStateWire>({
  sortComparer: (a, b) => (a.issuedAt < b.issuedAt ? 1 : a.issuedAt > b.issuedAt ? -1 : 0),
});

export interface WarningsState {
  /** The warnings as the station sent them (in force, and lifted within a day). */
  list: ReturnType<typeof warningsAdapter.getInitialState>;
  selectedId: string | null;
  /** The selected warning's record as last fetched (steps, deadlines as of the station clock). */
  record: ApiOutput<'warningRecord'> | null;
  /** The station's clock minus the window's tick when the record came (ms). */
  recordSkewMs: number;
  composing: boolean;
  areas: ApiOutput<'warningAreas'>;
  preview: ApiOutput<'warningRecipients'> | null;
  busy: boolean;
  errors: DomainError[];
}

const initialState: WarningsState = {
  list: warningsAdapter.getInitialState(),
  selectedId: null,
  record: null,
  recordSkewMs: 0,
  composing: false,
  areas: [],
  preview: null,
  busy: false,
  errors: [],
};

const failed = (state: WarningsState, errors: DomainError[] | undefined) => {
  state.busy = false;
  state.errors = errors ?? [];
};

export const warningsSlice = createSlice({
  name: 'warnings',
  initialState,
  reducers: {
    warningSelected(state, action: PayloadAction<string | null>) {
      if (state.selectedId !== action.payload) state.record = null;
      state.selectedId = action.payload;
      state.composing = false;
      state.errors = [];
    },
    composeOpened(state) {
      state.composing = true;
      state.preview = null;
      state.errors = [];
    },
    composeClosed(state) {
      state.composing = false;
      state.errors = [];
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.list = warningsAdapter.setAll(state.list, payload.warnings);
      })
      .addCase(changesReceived, (state, { payload }) => {
        if (payload.warnings?.length) state.list = warningsAdapter.upsertMany(state.list, payload.warnings);
      })
      .addCase(fetchWarningAreas.fulfilled, (state, { payload }) => {
        state.areas = payload;
      })
      .addCase(fetchRecipientsPreview.fulfilled, (state, { payload }) => {
        state.preview = payload;
      })
      .addCase(fetchRecipientsPreview.rejected, (state, { payload }) => failed(state, payload))
      .addCase(fetchWarningRecord.fulfilled, (state, { payload }) => {
        if (payload.record.warning.id !== state.selectedId) return;
        state.record = payload.record;
        // A window that has not ticked yet (0) takes the station's time as it is.
        state.recordSkewMs = payload.tickAt > 0 ? Date.parse(payload.record.asOf) - payload.tickAt : 0;
      })
      .addCase(issueWarning.pending, (state) => {
        state.busy = true;
        state.errors = [];
      })
      .addCase(issueWarning.fulfilled, (state, { payload }) => {
        state.busy = false;
        state.composing = false;
        state.preview = null;
        state.selectedId = payload.warningId;
        state.record = null;
      })
      .addCase(issueWarning.rejected, (state, { payload }) => failed(state, payload))
      .addCase(acknowledgeByPhone.rejected, (state, { payload }) => failed(state, payload))
      .addCase(reportAction.rejected, (state, { payload }) => failed(state, payload))
      .addCase(liftWarning.rejected, (state, { payload }) => failed(state, payload))
      .addCase(acknowledgeByPhone.fulfilled, (state) => failed(state, []))
      .addCase(reportAction.fulfilled, (state) => failed(state, []))
      .addCase(liftWarning.fulfilled, (state) => failed(state, [])),
});

export const { warningSelected, composeOpened, composeClosed } = warningsSlice.actions;
