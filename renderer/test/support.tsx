import type { ReactElement } from 'react';
import { configureStore } from '@reduxjs/toolkit';
import { Provider } from 'react-redux';
import { render } from '@testing-library/react';
import type { StationSnapshot } from '../../shared/api/contract';
import type { StationClient } from '../../shared/api/client';
import type { Incident } from '../../shared/domain/incident';
import { ok } from '../../shared/result';
import { rootReducer } from '../app/store';
import { clockTicked, snapshotLoaded } from '../app/actions';
import { initI18n, type Language } from '../i18n';
import { languageChosen } from '../features/header/slice';
import { loadAuthStatus } from '../features/signin/slice';
import type { SessionInfo } from '../../shared/auth/schemas';

/*
 * Component tests (React Testing Library under jsdom): the real reducers and the real i18n, a station that
 * answers what a test gives it, and the screen found by role and visible label as a duty officer finds it.
 */

/** jsdom lays nothing out: the virtual lists and the resizable panes ask for sizes it does not have. */
export function stubLayout() {
  if (!('ResizeObserver' in globalThis))
    Object.assign(globalThis, {
      ResizeObserver: class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    });
  // Every element a pane of 1000 × 800: enough for a virtual list to draw its rows.
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => 800 });
  Object.defineProperty(Element.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  Element.prototype.getBoundingClientRect = () => DOMRect.fromRect({ x: 0, y: 0, width: 1000, height: 800 });
  if (typeof Element.prototype.scrollTo !== 'function') Element.prototype.scrollTo = function scrollTo() {};
  if (typeof Element.prototype.scrollIntoView !== 'function')
    Element.prototype.scrollIntoView = function scrollIntoView() {};
}

export const NOW = Date.parse('2026-11-25T02:00:00.000Z');

let seq = 0;
/** An open incident of the demo district; `at` minutes before NOW; facts overridable. */
export function incident(
  title: string,
  over: Partial<Incident['facts']> & { minutesAgo?: number; jurisdiction?: string } = {},
): Incident {
  const { minutesAgo = 10, jurisdiction = '500110', ...facts } = over;
  seq += 1;
  const at = new Date(NOW - minutesAgo * 60_000).toISOString();
  return {
    id: `01KAXR00000000000000000${String(seq).padStart(3, '0')}`,
    jurisdiction,
    status: 'received',
    version: 1,
    facts: {
      title,
      category: 'accident',
      subtype: 'fire',
      level: 'IV',
      location: { areaCode: '500110', address: '建设路12号', point: { lon: 106.9, lat: 28.9 } },
      occurredAt: at,
      receivedAt: at,
      source: 'phone',
      casualties: { dead: 0, injured: 0, missing: 0, trapped: 0 },
      affectedPeople: 0,
      description: '',
      ...facts,
    },
  };
}

export function snapshot(over: Partial<StationSnapshot> = {}): StationSnapshot {
  return {
    station: {
      stationId: 'station-500110',
      jurisdiction: '500110',
      name: '万盛应急值班室',
      onDuty: { leader: '王强', officers: ['张伟'] },
      operator: { id: 'op-zhang', name: '张伟', role: 'officer' },
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
    link: { status: 'online', outboxDepth: 0, lastContactAt: null, hubUrl: 'http://127.0.0.1:1' },
    takenAt: new Date(NOW).toISOString(),
    ...over,
  };
}

/** What a quiet station answers: nothing in the inbox, commands accepted. */
export const defaultAnswer = (method: string): unknown =>
  method === 'inbox' ? { asOf: new Date(NOW).toISOString(), entries: [] } : { events: [] };

/** A station client whose every call answers `answer(method, input)` as its value; `calls` records them. */
export function fakeClient(answer: (method: string, input: unknown) => unknown = defaultAnswer) {
  const calls: Array<{ method: string; input: unknown }> = [];
  const client = new Proxy({} as StationClient, {
    get: (_t, method: string) => {
      if (method === 'subscribe' || method === 'onConnectionChange') return () => () => {};
      return (input: unknown) => {
        calls.push({ method, input });
        return Promise.resolve().then(() => ok(answer(method, input)));
      };
    },
  });
  return Object.assign(client, { calls });
}

/** An officer signed in at the console: what most component tests act as. */
export const SIGNED_IN_OFFICER: SessionInfo = {
  person: { id: 'ws-duty-o1', name: '张丽' },
  role: 'officer',
  signingBasis: null,
  admin: false,
  signedInAt: new Date(NOW).toISOString(),
  locked: false,
};

/** The snapshot's operator as the one signed in at the console (the header takes its operator from the session). */
function signedInAs(snap: StationSnapshot): SessionInfo {
  const { id, name, role } = snap.station.operator;
  return role === 'leader' || role === 'officer'
    ? { ...SIGNED_IN_OFFICER, person: { id, name: name ?? id }, role }
    : SIGNED_IN_OFFICER;
}

export function renderWithStation(
  ui: ReactElement,
  {
    snap = snapshot(),
    client = fakeClient(),
    language = 'zh-CN',
    now = NOW,
    session = signedInAs(snap),
  }: {
    snap?: StationSnapshot;
    client?: StationClient;
    language?: Language;
    now?: number;
    /** Who is signed in at this console (issue 17); null shows the sign-in screen. */
    session?: SessionInfo | null;
  } = {},
) {
  stubLayout();
  initI18n(language);
  const store = configureStore({
    reducer: rootReducer,
    middleware: (getDefault) =>
      getDefault({ thunk: { extraArgument: { client } }, serializableCheck: false }),
  });
  store.dispatch(languageChosen(language));
  store.dispatch(snapshotLoaded(snap));
  store.dispatch(clockTicked(now));
  // The station's answer to "who is signed in here", as the sign-in gate receives it.
  store.dispatch(
    loadAuthStatus.fulfilled(
      { screen: 'console', firstRun: false, people: [], prefill: null, session, idleLockMinutes: 0 },
      'test',
      undefined,
    ),
  );
  return { store, ...render(<Provider store={store}>{ui}</Provider>) };
}
