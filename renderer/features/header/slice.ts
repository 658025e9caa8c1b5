import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { LinkState, StationInfo } from '../../../shared/api/contract';
import {
  clockTicked,
  linkChanged,
  onDutyChanged,
  snapshotLoaded,
  stationConnectionChanged,
  stationRefused,
} from '../../app/actions';
import { loadAuthStatus, setUpAdministrator, signIn, signOut } from '../signin/slice';
import type { SessionInfo } from '../../../shared/auth/schemas';

/** The console's operator is whoever signed in at it (issue 17); what the station decides about them. */
const operatorOf = (s: SessionInfo | null) =>
  s ? { id: s.person.id, name: s.person.name, role: s.role } : { id: 'signed-out', name: '', role: 'officer' as const };
import type { Language } from '../../i18n';

export type View = 'console' | 'wall';

export interface StationState {
  info: StationInfo | null;
  link: LinkState | null;
  /** Whether this window reaches its station (socket or IPC), distinct from the station's link to the hub. */
  connected: boolean;
  refusal: 'NOT_PAIRED' | null;
  loaded: boolean;
  now: number;
  language: Language;
  view: View;
}

const initialState: StationState = {
  info: null,
  link: null,
  connected: false,
  refusal: null,
  loaded: false,
  now: Date.now(),
  language: 'zh-CN',
  view: 'console',
};

export const stationSlice = createSlice({
  name: 'station',
  initialState,
  reducers: {
    languageChosen(state, action: PayloadAction<Language>) {
      state.language = action.payload;
    },
    viewChosen(state, action: PayloadAction<View>) {
      state.view = action.payload;
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.info = payload.station;
        state.link = payload.link;
        state.loaded = true;
      })
      .addCase(loadAuthStatus.fulfilled, (state, { payload }) => {
        if (state.info) state.info.operator = operatorOf(payload.session);
      })
      .addCase(signIn.fulfilled, (state, { payload }) => {
        if (state.info) state.info.operator = operatorOf(payload);
      })
      .addCase(setUpAdministrator.fulfilled, (state, { payload }) => {
        if (state.info) state.info.operator = operatorOf(payload);
      })
      .addCase(signOut.pending, (state) => {
        if (state.info) state.info.operator = operatorOf(null);
      })
      .addCase(linkChanged, (state, { payload }) => {
        state.link = payload;
      })
      .addCase(onDutyChanged, (state, { payload }) => {
        if (state.info) state.info.onDuty = payload;
      })
      .addCase(stationRefused, (state, { payload }) => {
        state.refusal = payload;
      })
      .addCase(stationConnectionChanged, (state, { payload }) => {
        state.connected = payload;
        if (payload) state.refusal = null;
      })
      .addCase(clockTicked, (state, { payload }) => {
        state.now = payload;
      }),
});

export const { languageChosen, viewChosen } = stationSlice.actions;
