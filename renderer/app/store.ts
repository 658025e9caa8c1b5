import { combineReducers, configureStore, createListenerMiddleware, isAnyOf } from '@reduxjs/toolkit';
import type { StationClient } from '../../shared/api/client';
import { stationSlice, languageChosen } from '../features/header/slice';
import { incidentsSlice } from '../features/incidents/slice';
import { reportsSlice } from '../features/reports/slice';
import { resourcesSlice } from '../features/resources/slice';
import { alarmsSlice } from '../features/alarms/slice';
import { dutyLogSlice } from '../features/dutylog/slice';
import { ledgerSlice } from '../features/ledger/slice';
import { mapSlice } from '../features/map/slice';
import { dispatchSlice } from '../features/dispatch/slice';
import { rosterSlice } from '../features/roster/slice';
import { headquartersSlice } from '../features/headquarters/slice';
import { warningsSlice } from '../features/warnings/slice';
import { signinSlice } from '../features/signin/slice';
import { drillsSlice } from '../features/drills/slice';
import {
  layoutSlice,
  layoutRestored,
  paneHidden,
  paneMoved,
  paneShown,
  sizesChanged,
  layoutReset,
  validLayout,
} from '../features/layout/slice';
import { alarmRaised, snapshotLoaded } from './actions';
import { announceAlarm } from '../features/alarms/announce';

export const rootReducer = combineReducers({
  station: stationSlice.reducer,
  incidents: incidentsSlice.reducer,
  reports: reportsSlice.reducer,
  resources: resourcesSlice.reducer,
  alarms: alarmsSlice.reducer,
  dutyLog: dutyLogSlice.reducer,
  layout: layoutSlice.reducer,
  ledger: ledgerSlice.reducer,
  map: mapSlice.reducer,
  dispatch: dispatchSlice.reducer,
  roster: rosterSlice.reducer,
  headquarters: headquartersSlice.reducer,
  warnings: warningsSlice.reducer,
  signin: signinSlice.reducer,
  drills: drillsSlice.reducer,
});
export type RootState = ReturnType<typeof rootReducer>;

/** Where per-station settings live in this window's storage. */
const layoutKey = (stationId: string, view: string) => `dutyroom.layout.${view}.${stationId}`;
export const LANGUAGE_KEY = 'dutyroom.language';

export function createAppStore(client: StationClient, storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
  const listeners = createListenerMiddleware();
  const store = configureStore({
    reducer: rootReducer,
    middleware: (getDefault) =>
      getDefault({ thunk: { extraArgument: { client } } }).prepend(listeners.middleware),
  });

  // The layout is saved per station (and per view), restored when the station is known.
  listeners.startListening({
    actionCreator: snapshotLoaded,
    effect: (action, api) => {
      const { view } = (api.getState() as RootState).station;
      if (view === 'wall') return;
      try {
        const saved = storage?.getItem(layoutKey(action.payload.station.stationId, view));
        const layout = saved ? validLayout(JSON.parse(saved)) : null;
        if (layout) api.dispatch(layoutRestored(layout));
      } catch {
        // A damaged saved layout falls back to the default.
      }
    },
  });
  listeners.startListening({
    matcher: isAnyOf(paneMoved, paneHidden, paneShown, sizesChanged, layoutReset),
    effect: (_action, api) => {
      const state = api.getState() as RootState;
      if (!state.station.info || state.station.view === 'wall') return;
      storage?.setItem(
        layoutKey(state.station.info.stationId, state.station.view),
        JSON.stringify(state.layout),
      );
    },
  });
  listeners.startListening({
    actionCreator: languageChosen,
    effect: (action) => storage?.setItem(LANGUAGE_KEY, action.payload),
  });
  listeners.startListening({
    actionCreator: alarmRaised,
    effect: (action, api) => announceAlarm(action.payload, (api.getState() as RootState).station.view),
  });

  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;
export type AppDispatch = AppStore['dispatch'];
export interface ThunkExtra {
  client: StationClient;
}
