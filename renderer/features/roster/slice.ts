import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { z } from 'zod';
import type { RosterReview, RosterStateWire } from '../../../shared/api/roster-calls';
import { assignPosition } from '../../../shared/roster/generate';
import type { HandoverSheet } from '../../../shared/roster/handover';
import type { Roster, StaffMember } from '../../../shared/roster/schemas';
import { changesReceived, snapshotLoaded } from '../../app/actions';
import { generateRoster, draftHandover } from './commands';

export type RosterStateView = z.infer<typeof RosterStateWire>;
export type RosterTab = 'grid' | 'fairness' | 'swaps' | 'handover';

export interface RosterPaneState {
  /** 值班人员名录 as the station sent it. */
  staff: StaffMember[];
  /** Roster months the station sent (around now), by id. */
  rosters: Record<string, RosterStateView>;
  /** The month shown; null: the one holding now, else the newest. */
  selectedId: string | null;
  /** A generated month being reviewed and edited by hand before publishing (nothing written yet). */
  draft: Roster | null;
  /** The review the station gave when it generated the draft (its fairness at generation). */
  generated: Omit<RosterReview, 'roster'> | null;
  tab: RosterTab;
  /** The handover sheet drafted by the station, before it is recorded. */
  handoverDraft: HandoverSheet | null;
  pending: boolean;
  /** The last refusal or failure, as text for the user. */
  error: string | null;
}

const initialState: RosterPaneState = {
  staff: [],
  rosters: {},
  selectedId: null,
  draft: null,
  generated: null,
  tab: 'grid',
  handoverDraft: null,
  pending: false,
  error: null,
};

export const rosterSlice = createSlice({
  name: 'roster',
  initialState,
  reducers: {
    rosterSelected(state, { payload }: PayloadAction<string | null>) {
      state.selectedId = payload;
      state.draft = null;
      state.generated = null;
    },
    tabChosen(state, { payload }: PayloadAction<RosterTab>) {
      state.tab = payload;
    },
    /** A hand edit of the draft: the seat's holder changes; the checks recompute from the draft. */
    draftSeatAssigned(
      state,
      { payload }: PayloadAction<{ shiftId: string; positionIndex: number; personId?: string }>,
    ) {
      if (!state.draft) return;
      const next = assignPosition(
        state.draft,
        payload.shiftId,
        payload.positionIndex,
        payload.personId,
        state.staff,
      );
      if (next.ok) state.draft = next.value;
      else state.error = next.errors.map((e) => e.message.zh).join('；');
    },
    draftDiscarded(state) {
      state.draft = null;
      state.generated = null;
    },
    handoverDiscarded(state) {
      state.handoverDraft = null;
    },
    errorShown(state, { payload }: PayloadAction<string | null>) {
      state.error = payload;
    },
  },
  extraReducers: (builder) =>
    builder
      .addCase(snapshotLoaded, (state, { payload }) => {
        state.staff = payload.staff;
        state.rosters = Object.fromEntries(payload.rosters.map((r) => [r.roster.id, r]));
      })
      .addCase(changesReceived, (state, { payload }) => {
        if (payload.staff) state.staff = payload.staff;
        for (const r of payload.rosters ?? []) {
          state.rosters[r.roster.id] = r;
          // The draft just published: show the month as the station now holds it.
          if (state.draft?.id === r.roster.id) {
            state.draft = null;
            state.generated = null;
            state.selectedId = r.roster.id;
          }
        }
      })
      .addCase(generateRoster.pending, (state) => {
        state.pending = true;
        state.error = null;
      })
      .addCase(generateRoster.fulfilled, (state, { payload }) => {
        state.pending = false;
        const { roster, ...rest } = payload;
        state.draft = roster;
        state.generated = rest;
        state.tab = 'grid';
      })
      .addCase(generateRoster.rejected, (state, { payload, error }) => {
        state.pending = false;
        state.error = payload?.map((e) => e.message.zh).join('；') ?? error.message ?? 'error';
      })
      .addCase(draftHandover.fulfilled, (state, { payload }) => {
        state.handoverDraft = payload;
      })
      .addCase(draftHandover.rejected, (state, { payload, error }) => {
        state.error = payload?.map((e) => e.message.zh).join('；') ?? error.message ?? 'error';
      }),
});

export const { rosterSelected, tabChosen, draftSeatAssigned, draftDiscarded, handoverDiscarded, errorShown } =
  rosterSlice.actions;
