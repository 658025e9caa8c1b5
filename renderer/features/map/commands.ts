import { createAsyncThunk } from '@reduxjs/toolkit';
import type { BasemapsWire } from '../../../shared/api/map-calls';
import type { WallSettings } from '../../../shared/display/wall';
import type { StationThunk } from '../../app/commands';

/** Which tile basemaps the station offers (MBTiles packages it serves, an XYZ source it is configured with). */
export const fetchBasemaps = createAsyncThunk<BasemapsWire, undefined, StationThunk>(
  'map/basemaps',
  async (_, { extra, rejectWithValue }) => {
    const result = await extra.client.basemaps({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

/** The wall settings in force at the station. */
export const fetchWallSettings = createAsyncThunk<WallSettings, undefined, StationThunk>(
  'map/wallSettings',
  async (_, { extra, rejectWithValue }) => {
    const result = await extra.client.wallSettings({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

/** 大屏设置: recorded at the station, so every wall window (Electron or browser) follows. */
export const configureWall = createAsyncThunk<true, WallSettings, StationThunk>(
  'map/configureWall',
  async (settings, { extra, rejectWithValue }) => {
    const result = await extra.client.configureWall({ settings });
    return result.ok ? true : rejectWithValue(result.errors);
  },
);
