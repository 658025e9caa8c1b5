import { createAction, createEntityAdapter, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { Incident } from '../../../shared/domain/incident';
import { changesReceived, snapshotLoaded } from '../../app/actions';

export const incidentsAdapter = createEntityAdapter<Incident>({
  // Newest call first: the duty officer looks at what just came in.
  sortComparer: (a, b) => b.facts.receivedAt.localeCompare(a.facts.receivedAt) || b.id.localeCompare(a.id),
});

/**
 * "Pick on map" for the intake form: the form starts it, the map pane routes its next click to
 * `placePicked` while `pick.active` is true (see /work/notes/contracts.md), Esc cancels.
 */
export const placePickStarted = createAction('map/placePickStarted');
export const placePickCancelled = createAction('map/placePickCancelled');
export const placePicked = createAction<{ lon: number; lat: number }>('map/placePicked');

export interface PlacePick {
  active: boolean;
  /** The last point picked; `seq` counts picks so the form takes each one once. */
  point: { lon: number; lat: number } | null;
  seq: number;
}

/** What the incident panel (事件详情与处置) shows below the incident: its actions' forms, one at a time. */
export type PanelMode = 'view' | 'update' | 'close' | 'reopen' | 'merge';

export interface IncidentPanel {
  incidentId: string | null;
  mode: PanelMode;
}

const initialPick: PlacePick = { active: false, point: null, seq: 0 };
const initialPanel: IncidentPanel = { incidentId: null, mode: 'view' };

export const incidentsSlice = createSlice({
  name: 'incidents',
  initialState: incidentsAdapter.getInitialState({ pick: initialPick, panel: initialPanel }),
  reducers: {
    incidentPanelOpened(state, { payload }: PayloadAction<{ incidentId: string; mode?: PanelMode }>) {
      state.panel = { incidentId: payload.incidentId, mode: payload.mode ?? 'view' };
    },
    incidentPanelMode(state, { payload }: PayloadAction<PanelMode>) {
      state.panel.mode = payload;
    },
    incidentPanelClosed(state) {
      state.panel = { incidentId: null, mode: 'view' };
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => incidentsAdapter.setAll(state, payload.incidents))
      .addCase(changesReceived, (state, { payload }) => incidentsAdapter.upsertMany(state, payload.incidents))
      .addCase(placePickStarted, (state) => {
        state.pick.active = true;
      })
      .addCase(placePickCancelled, (state) => {
        state.pick.active = false;
      })
      .addCase(placePicked, (state, { payload }) => {
        // A click on the map outside a pick selects things; only a pick in progress takes a place.
        if (!state.pick.active) return;
        const ok =
          Number.isFinite(payload.lon) && Number.isFinite(payload.lat) && Math.abs(payload.lat) <= 90;
        if (!ok) return;
        state.pick = {
          active: false,
          point: { lon: payload.lon, lat: payload.lat },
          seq: state.pick.seq + 1,
        };
      }),
});

export const { incidentPanelOpened, incidentPanelMode, incidentPanelClosed } = incidentsSlice.actions;
