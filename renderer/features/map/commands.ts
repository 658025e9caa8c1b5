import { createAsyncThunk } from '@reduxjs/toolkit';
import type { BasemapsWire } from '../../../shared/api/map-calls';
import type { DomainError } from '../../../shared/errors';
import type { WallSettings } from '../../../shared/display/wall';
import type { RootState, ThunkExtra } from '../../app/store';

type Rejected = { rejectValue: DomainError[]; state: RootState; extra: ThunkExtra };

/** Which tile basemaps the station offers (MBTiles packages it serves, an XYZ source it is configured with). */
export const fetchBasemaps = createAsyncThunk<BasemapsWire, undefined, Rejected>(
  'map/basemaps',
  async (_, { extra, rejectWithValue }) => {
    const result = await extra.client.basemaps({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

/** The wall settings in force at the station. */
export const fetchWallSettings = createAsyncThunk<WallSettings, undefined, Rejected>(
  'map/wallSettings',
  async (_, { extra, rejectWithValue }) => {
    const result = await extra.client.wallSettings({});
    return result.ok ? result.value : rejectWithValue(result.errors);
  },
);

/** 大屏设置: recorded at the station, so every wall window (Electron or browser) follows. */
export const configureWall = createAsyncThunk<true, WallSettings, Rejected>(
  'map/configureWall',
  async (settings, { getState, extra, rejectWithValue }) => {
    const actor = getState().station.info?.operator ?? { id: 'unknown' };
    const result = await extra.client.configureWall({ settings, actor });
    return result.ok ? true : rejectWithValue(result.errors);
  },
);
