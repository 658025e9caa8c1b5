import { createEntityAdapter, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { HeadquartersStateWire } from '../../../shared/api/headquarters-calls';
import { changesReceived, snapshotLoaded } from '../../app/actions';

/** Headquarters as the station sent them (snapshot, then each change), newest activation first. */
export const headquartersAdapter = createEntityAdapter<HeadquartersStateWire>({
  sortComparer: (a, b) => b.activatedAt.localeCompare(a.activatedAt) || b.id.localeCompare(a.id),
});

export interface HeadquartersUiState {
  items: ReturnType<typeof headquartersAdapter.getInitialState>;
  /** The plan editor is open (on this plan id). */
  editingPlanId: string | null;
}

const initialState: HeadquartersUiState = {
  items: headquartersAdapter.getInitialState(),
  editingPlanId: null,
};

export const headquartersSlice = createSlice({
  name: 'headquarters',
  initialState,
  reducers: {
    planEditorOpened(state, { payload }: PayloadAction<string | null>) {
      state.editingPlanId = payload;
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        headquartersAdapter.setAll(state.items, payload.headquarters);
      })
      .addCase(changesReceived, (state, { payload }) => {
        if (payload.headquarters) headquartersAdapter.upsertMany(state.items, payload.headquarters);
      }),
});

export const { planEditorOpened } = headquartersSlice.actions;
