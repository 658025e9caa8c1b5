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
