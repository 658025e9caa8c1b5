import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DivisionWire } from '../../../shared/api/gazetteer-calls';
import type { IncidentFacts } from '../../../shared/domain/incident';
import type { DrillMode } from '../../../shared/drills/events';
import type { DrillInject } from '../../../shared/drills/scenario';
import type { DomainError } from '../../../shared/errors';
import { changesReceived, snapshotLoaded } from '../../app/actions';
import {
  answerInject,
  controlDrill,
  deliveryOf,
  endOf,
  loadDrillDetail,
  loadDrillInbox,
  loadDrills,
  loadDrillSetup,
  saveDrillFile,
  startDrill,
} from './commands';

/** An inject a drill delivered (to this station, or — at the organiser — to a room it drills). */
export interface DrillDelivery {
  drillId: string;
  injectKey: string;
  drilled: string;
  at: string;
  inject: DrillInject;
  facts?: IncidentFacts;
  mode?: DrillMode;
  tellLeader?: boolean;
}

/** A drill's end as the drilled console heard of it. */
export interface DrillEnd {
  drillId: string;
  at: string;
  title?: { zh: string; en: string };
}

export const deliveryKey = (d: Pick<DrillDelivery, 'drillId' | 'injectKey' | 'drilled'>) =>
  `${d.drillId}|${d.injectKey}|${d.drilled}`;

export interface DrillsState {
  // The organiser's pane.
  scenarios: ApiOutput<'drillScenarios'>;
  divisions: DivisionWire[];
  list: ApiOutput<'drills'>['drills'];
  /** The station's clock when the list was read (each drill's clock is as of then). */
  listAsOf: string | null;
  selectedId: string | null;
  timeline: ApiOutput<'drillTimeline'> | null;
  evaluation: ApiOutput<'drillEvaluation'> | null;
  composing: boolean;
  busy: boolean;
  errors: DomainError[];
  /** The last file saved (its name), for the pane to say so. */
  savedFile: string | null;
  /** Bumped by every pushed event a drill's timeline may show: the open drill is read again. */
  refreshSeq: number;
  // The drilled console.
  deliveries: DrillDelivery[];
  ends: DrillEnd[];
  /** Messages (non-call injects) the officer has read or answered, by delivery key. */
  setAside: string[];
  /** End notices the officer closed, by drill id. */
  noticesClosed: string[];
  /** The call being registered from (its delivery key): the intake form is open, filled from it. */
  intakeFrom: string | null;
}

const initialState: DrillsState = {
  scenarios: [],
  divisions: [],
  list: [],
  listAsOf: null,
  selectedId: null,
  timeline: null,
  evaluation: null,
  composing: false,
  busy: false,
  errors: [],
  savedFile: null,
  refreshSeq: 0,
  deliveries: [],
  ends: [],
  setAside: [],
  noticesClosed: [],
  intakeFrom: null,
};

/** The events that change what a drill's timeline or evaluation shows. */
const TIMELINE_EVENTS = new Set([
  'incident.registered',
  'report.drafted',
  'report.sent',
  'dispatch.issued',
  'headquarters.activated',
]);

function learnDelivery(state: DrillsState, d: DrillDelivery) {
  if (!state.deliveries.some((x) => deliveryKey(x) === deliveryKey(d))) state.deliveries.push(d);
}
function learnEnd(state: DrillsState, end: DrillEnd) {
  if (!state.ends.some((x) => x.drillId === end.drillId)) state.ends.push(end);
}
const pending = (state: DrillsState) => {
  state.busy = true;
  state.errors = [];
};
const failed = (state: DrillsState, errors: DomainError[] | undefined) => {
  state.busy = false;
  state.errors = errors ?? [];
};

export const drillsSlice = createSlice({
  name: 'drills',
  initialState,
  reducers: {
    drillSelected(state, { payload }: PayloadAction<string | null>) {
      if (state.selectedId !== payload) {
        state.timeline = null;
        state.evaluation = null;
        state.savedFile = null;
      }
      state.selectedId = payload;
      state.errors = [];
    },
    composeToggled(state, { payload }: PayloadAction<boolean>) {
      state.composing = payload;
      state.errors = [];
    },
    injectSetAside(state, { payload }: PayloadAction<string>) {
      if (!state.setAside.includes(payload)) state.setAside.push(payload);
    },
    endNoticeClosed(state, { payload }: PayloadAction<string>) {
      if (!state.noticesClosed.includes(payload)) state.noticesClosed.push(payload);
    },
    intakeFromInject(state, { payload }: PayloadAction<string | null>) {
      state.intakeFrom = payload;
    },
  },
  extraReducers: (b) => {
    b.addCase(snapshotLoaded, (state, { payload }) => {
      for (const e of payload.recentEvents) {
        const d = deliveryOf(e);
        if (d) learnDelivery(state, d);
        const end = endOf(e);
        if (end) learnEnd(state, end);
      }
    });
    b.addCase(changesReceived, (state, { payload }) => {
      for (const e of payload.events) {
        const d = deliveryOf(e);
        if (d) learnDelivery(state, d);
        const end = endOf(e);
        if (end) learnEnd(state, end);
        if (e.type.startsWith('drill.') || TIMELINE_EVENTS.has(e.type)) state.refreshSeq += 1;
      }
    });
    b.addCase(loadDrillInbox.fulfilled, (state, { payload }) => {
      payload.deliveries.forEach((d) => learnDelivery(state, d));
      payload.ends.forEach((e) => learnEnd(state, e));
    });
    b.addCase(loadDrillSetup.fulfilled, (state, { payload }) => {
      state.scenarios = payload.scenarios;
      state.divisions = payload.divisions;
    });
    b.addCase(loadDrills.fulfilled, (state, { payload }) => {
      state.list = payload.drills;
      state.listAsOf = payload.asOf;
    });
    b.addCase(loadDrillDetail.fulfilled, (state, { payload, meta }) => {
      if (meta.arg.drillId !== state.selectedId) return;
      state.timeline = payload.timeline;
      state.evaluation = payload.evaluation;
    });
    b.addCase(startDrill.pending, pending);
    b.addCase(startDrill.fulfilled, (state, { payload }) => {
      state.busy = false;
      state.composing = false;
      state.selectedId = payload.drillId;
      state.timeline = null;
      state.evaluation = null;
    });
    b.addCase(startDrill.rejected, (state, { payload }) => failed(state, payload));
    b.addCase(controlDrill.pending, pending);
    b.addCase(controlDrill.fulfilled, (state) => {
      state.busy = false;
    });
    b.addCase(controlDrill.rejected, (state, { payload }) => failed(state, payload));
    b.addCase(saveDrillFile.pending, pending);
    b.addCase(saveDrillFile.fulfilled, (state, { payload }) => {
      state.busy = false;
      state.savedFile = payload;
    });
    b.addCase(saveDrillFile.rejected, (state, { payload }) => failed(state, payload));
    b.addCase(answerInject.fulfilled, (state, { meta }) => {
      const key = `${meta.arg.drillId}|${meta.arg.injectKey}|`;
      state.deliveries
        .filter((d) => deliveryKey(d).startsWith(key))
        .forEach((d) => {
          if (!state.setAside.includes(deliveryKey(d))) state.setAside.push(deliveryKey(d));
        });
    });
  },
});

export const { drillSelected, composeToggled, injectSetAside, endNoticeClosed, intakeFromInject } =
  drillsSlice.actions;
