import type { ReactElement } from 'react';
import type { StationSnapshot } from '../../shared/api/contract';
import type { StationClient } from '../../shared/api/client';
import type { Actor } from '../../shared/domain/common';
import type { Incident } from '../../shared/domain/incident';
import type { DomainError } from '../../shared/errors';
import { fail, ok } from '../../shared/result';
import type { Language } from '../i18n';
import { renderWithStation, snapshot } from './support';

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

/** The demo district's console at NOW, with `operator` at it (renderer/test/support.tsx builds the rest). */
export function lifeSnapshot(operator: Actor, over: Partial<StationSnapshot> = {}): StationSnapshot {
  const base = snapshot();
  return snapshot({
    station: { ...base.station, onDuty: { leader: '李主任', officers: ['张伟'] }, operator },
    link: { ...base.link, hubUrl: null },
    takenAt: new Date(NOW).toISOString(),
    ...over,
  });
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
  options: { snap: StationSnapshot; client: StationClient; language?: Language },
) {
  return renderWithStation(ui, { ...options, now: NOW });
}
