import { createSlice, original, type PayloadAction } from '@reduxjs/toolkit';
import {
  changesReceived,
  dispatchPanelClosed,
  dispatchPanelOpened,
  incidentSelected,
  snapshotLoaded,
} from '../../app/actions';
import type { BasemapsWire } from '../../../shared/api/map-calls';
import {
  defaultWallSettings,
  wallSettingsFrom,
  wallStream,
  type WallSettings,
} from '../../../shared/display/wall';
import { fetchBasemaps, fetchWallSettings } from './commands';
import { appendTrails, type MapHeadquarters, type MapWarning, type Trails } from './markers';

/** Layers the user can switch on and off (the basemap outline always draws). */
export const MAP_LAYERS = [
  'incidents',
  'teams',
  'trails',
  'dispatch',
  'riskPoints',
  'depots',
  'shelters',
  'warnings',
  'headquarters',
  'tiles',
] as const;
export type MapLayerId = (typeof MAP_LAYERS)[number];

export interface MapState {
  /** The incident selected on the map or in the list: both show it, the dispatch panel acts on it. */
  selectedIncidentId: string | null;
  /** Whether the dispatch panel is open for the selected incident. */
  dispatchOpen: boolean;
  hiddenLayers: MapLayerId[];
  /** The last few positions the station sent for each team, oldest first: the short trail behind it. */
  trails: Trails;
  /**
   * Warnings and headquarters as the station sends them (snapshot.warnings / snapshot.headquarters,
   * added by the warnings and headquarters features); empty until the station sends them.
   */
  warnings: MapWarning[];
  headquarters: MapHeadquarters[];
  /** The tile basemaps the station offers; null until asked. */
  basemaps: BasemapsWire | null;
  /** What the wall display shows, as the station last recorded it (大屏设置). */
  wall: WallSettings;
  /** This window's station: its wall settings stream is `display:<stationId>`. */
  stationId: string | null;
}

const initialState: MapState = {
  selectedIncidentId: null,
  dispatchOpen: false,
  hiddenLayers: [],
  trails: {},
  warnings: [],
  headquarters: [],
  basemaps: null,
  wall: defaultWallSettings,
  stationId: null,
};

/** The optional arrays other features add to the snapshot and the `changes` push. */
type WithMapExtras = { warnings?: MapWarning[]; headquarters?: MapHeadquarters[] };

const upsert = <T extends { id: string }>(list: T[], changed: readonly T[]): T[] => {
  const byId = new Map(list.map((x) => [x.id, x]));
  for (const x of changed) byId.set(x.id, x);
  return [...byId.values()];
};

/** How many positions a trail keeps. */
export const TRAIL_LENGTH = 8;

export const mapSlice = createSlice({
  name: 'map',
  initialState,
  reducers: {
    layerToggled(state, { payload }: PayloadAction<MapLayerId>) {
      state.hiddenLayers = state.hiddenLayers.includes(payload)
        ? state.hiddenLayers.filter((l) => l !== payload)
        : [...state.hiddenLayers, payload];
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(incidentSelected, (state, { payload }) => {
        if (state.selectedIncidentId !== payload) state.dispatchOpen = false;
        state.selectedIncidentId = payload;
      })
      .addCase(dispatchPanelOpened, (state, { payload }) => {
        state.selectedIncidentId = payload;
        state.dispatchOpen = true;
      })
      .addCase(dispatchPanelClosed, (state) => {
        state.dispatchOpen = false;
      })
      .addCase(fetchBasemaps.fulfilled, (state, { payload }) => {
        state.basemaps = payload;
      })
      .addCase(fetchWallSettings.fulfilled, (state, { payload }) => {
        state.wall = payload;
      })
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.trails = appendTrails({}, payload.teams, TRAIL_LENGTH);
        state.stationId = payload.station.stationId;
        const extras = payload as WithMapExtras;
        state.warnings = extras.warnings ?? [];
        state.headquarters = extras.headquarters ?? [];
      })
      .addCase(changesReceived, (state, { payload }) => {
        // From the plain previous trails, not the draft: reading 2,000 trails through Immer's proxies
        // cost more than the rest of a 1 Hz update together (tests/bench/map-frames.bench.ts).
        if (payload.teams.length > 0)
          state.trails = appendTrails(original(state.trails) ?? state.trails, payload.teams, TRAIL_LENGTH);
        const stationId = state.stationId;
        if (stationId && payload.events.some((e) => e.stream === wallStream(stationId)))
          state.wall = wallSettingsFrom(
            [
              { type: 'display.wall_configured', stream: wallStream(stationId), payload: state.wall },
              ...payload.events,
            ],
            stationId,
          );
        const extras = payload as WithMapExtras;
        if (extras.warnings?.length) state.warnings = upsert(state.warnings, extras.warnings);
        if (extras.headquarters?.length) state.headquarters = upsert(state.headquarters, extras.headquarters);
      }),
});

export const { layerToggled } = mapSlice.actions;
