import { createAsyncThunk } from '@reduxjs/toolkit';
import type { BasemapsWire } from '../../../shared/api/map-calls';
import type { DomainError } from '../../../shared/errors';
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
