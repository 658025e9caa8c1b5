import { createAction } from '@reduxjs/toolkit';
import type { Alarm, LinkState, OnDuty, StationPush, StationSnapshot } from '../../shared/api/contract';

/** The board as the station sent it on (re)connection: replaces everything. */
export const snapshotLoaded = createAction<StationSnapshot>('station/snapshotLoaded');
/** Committed events and the objects they changed, as now projected by the station. */
export const changesReceived =
  createAction<Extract<StationPush, { kind: 'changes' }>>('station/changesReceived');
export const alarmRaised = createAction<Alarm>('alarms/raised');
export const alarmCleared = createAction<{ alarmId: string; acknowledgedBy?: string }>('alarms/cleared');
export const linkChanged = createAction<LinkState>('station/linkChanged');
export const onDutyChanged = createAction<OnDuty>('station/onDutyChanged');
export const stationConnectionChanged = createAction<boolean>('station/connectionChanged');
/** The station refused this screen: it was opened to the room and the pairing token is missing or wrong. */
export const stationRefused = createAction<'NOT_PAIRED'>('station/refused');
/** The one clock of the UI: every countdown derives from this tick. */
export const clockTicked = createAction<number>('clock/ticked');
/**
 * Which incident the console has selected and whether its dispatch panel is open. The incident list, the map,
 * the headquarters board and the dispatch panel all set it, so the actions are the app's, not one feature's
 * (the map slice keeps the state): a feature importing another's slice for them tied map, incidents and
 * dispatch into a loop of imports.
 */
export const incidentSelected = createAction<string | null>('map/incidentSelected');
export const dispatchPanelOpened = createAction<string>('map/dispatchPanelOpened');
export const dispatchPanelClosed = createAction('map/dispatchPanelClosed');
