import type { ReactElement } from 'react';
import { configureStore } from '@reduxjs/toolkit';
import { Provider } from 'react-redux';
import { render } from '@testing-library/react';
import type { StationSnapshot } from '../../../shared/api/contract';
import type { StationClient } from '../../../shared/api/client';
import type { Actor } from '../../../shared/domain/common';
import type { Incident } from '../../../shared/domain/incident';
import type { DomainError } from '../../../shared/errors';
import { fail, ok } from '../../../shared/result';
import { rootReducer } from '../../app/store';
import { clockTicked, snapshotLoaded } from '../../app/actions';
import { initI18n, type Language } from '../../i18n';
import { languageChosen } from '../header/slice';

/*
 * For the component tests of the incident panel and the team status dialog (jsdom): the real reducers and
 * i18n, a station that records each command and answers as the test says.
 */

export const NOW = Date.parse('2026-07-01T02:00:00.000Z');

export const OFFICER: Actor = { id: 'op-zhang', name: '张伟', role: 'officer' };
export const LEADER: Actor = { id: 'op-li', name: '李主任', role: 'leader' };

export function lifeIncident(id: string, title: string, over: Partial<Incident> = {}): Incident {
  const at = new Date(NOW - 20 * 60_000).toISOString();
  return {
    id,
    jurisdiction: '500110',
    status: 'received',
    version: 1,
    facts: {
      title,
      category: 'natural_disaster',
      subtype: 'landslide',
      level: 'III',
      location: { areaCode: '500110', address: '青年镇板辽村', point: { lon: 106.96, lat: 28.93 } },
      occurredAt: at,
      receivedAt: at,
      source: 'phone',
      casualties: { dead: 0, injured: 2, missing: 0, trapped: 0 },
      affectedPeople: 0,
      description: '山体滑坡掩埋民房一间。',
    },
    ...over,
  };
}

export function lifeSnapshot(operator: Actor, over: Partial<StationSnapshot> = {}): StationSnapshot {
  return {
    station: {
      stationId: 'station-500110',
      jurisdiction: '500110',
      name: '万盛应急值班室',
      onDuty: { leader: '李主任', officers: ['张伟'] },
      operator,
    },
    incidents: [],
    reports: [],
    obligations: [],
    teams: [],
    depots: [],
    shelters: [],
    riskPoints: [],
    dispatchOrders: [],
    alarms: [],
    recentEvents: [],
    warnings: [],
    headquarters: [],
    staff: [],
    rosters: [],
    dutyLog: [],
    link: { status: 'online', outboxDepth: 0, lastContactAt: null, hubUrl: null },
    takenAt: new Date(NOW).toISOString(),
    ...over,
  } as StationSnapshot;
}

export interface SentCommand {
  type: string;
  payload: Record<string, unknown>;
}

/** A station that records every command it is sent; `refuse` answers a command with the station's errors. */
export function recordingStation(refuse: (command: SentCommand) => DomainError[] | null = () => null) {
  const sent: SentCommand[] = [];
  const client = new Proxy({} as StationClient, {
    get: (_t, method: string) => {
      if (method === 'subscribe' || method === 'onConnectionChange') return () => () => {};
      return (input: SentCommand) => {
        if (method === 'execute') sent.push({ type: input.type, payload: input.payload });
        const errors = method === 'execute' ? refuse(input) : null;
        return Promise.resolve(errors ? fail(...errors) : ok({ events: [] }));
      };
    },
  });
  return { client, sent };
}

export function renderLife(
  ui: ReactElement,
  {
    snap,
    client,
    language = 'zh-CN' as Language,
  }: { snap: StationSnapshot; client: StationClient; language?: Language },
) {
  initI18n(language);
  const store = configureStore({
    reducer: rootReducer,
    middleware: (getDefault) =>
      getDefault({ thunk: { extraArgument: { client } }, serializableCheck: false }),
  });
  store.dispatch(languageChosen(language));
  store.dispatch(snapshotLoaded(snap));
  store.dispatch(clockTicked(NOW));
  return { store, ...render(<Provider store={store}>{ui}</Provider>) };
}
