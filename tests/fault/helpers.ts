import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { newId } from '../../shared/ids';
import { sealEvents, type DomainEvent, type EventDraft } from '../../shared/events/envelope';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/sync/protocol';
import { nodeSha256 } from '../../hub/server';
import type { Actor } from '../../shared/domain/common';
import type { StationStore } from '../../station/store/index';
import { registerIncidentCommand } from '../../station/store/store.testing';

export type RawClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `duty-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A station's duty officer, who gives the commands of these tests. */
export const dutyOfficer: Actor = { id: 'officer-1', role: 'officer' };

/**
 * Commands executed at a station through its one write path, in one transaction; each must be accepted.
 * Returns the events they produced.
 */
export function mustExecuteAll(store: StationStore, commands: readonly unknown[], actor: Actor = dutyOfficer): DomainEvent[] {
  const results = store.executeAll(commands, actor);
  const refused = results.flatMap((r) => (r.ok ? [] : [r.errors]));
  if (refused.length > 0) throw new Error(`commands refused: ${JSON.stringify(refused)}`);
  return results.flatMap((r) => (r.ok ? r.value : []));
}

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 20_000, everyMs = 20): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A station's chain of simple, valid events (incident response started), sealed as the station would. */
export function stationChain(station: string, jurisdiction: string) {
  let seq = 0;
  let hash: string | null = null;
  return {
    next(count: number, draft: () => EventDraft = () => ({ type: 'incident.response_started', stream: `incident:${newId()}`, payload: {} })): DomainEvent[] {
      const events = sealEvents(
        Array.from({ length: count }, draft),
        {
          station,
          jurisdiction,
          actor: { id: 'officer-1', role: 'officer' },
          now: new Date().toISOString(),
          lastStationSeq: seq,
          lastHash: hash,
          newId: () => newId(),
        },
        nodeSha256,
      );
      seq += count;
      hash = events.at(-1)?.hash ?? hash;
      return events;
    },
  };
}

/** A bare socket.io client with the given handshake token (or none). */
export function rawClient(url: string, token?: string, reconnection = false): RawClient {
  return io(url, {
    transports: ['websocket'],
    reconnection,
    ...(token !== undefined ? { auth: { token } } : {}),
  });
}

/** Connect, or resolve with the refusal message. */
export function connectOutcome(client: RawClient): Promise<{ connected: true } | { connected: false; reason: string }> {
  return new Promise((resolve) => {
    client.once('connect', () => resolve({ connected: true }));
    client.once('connect_error', (e) => resolve({ connected: false, reason: e.message }));
  });
}

/** The district's standby teams of the flood-feed fault suites, registered at `store`; returns their ids. */
export function registerFloodTeams(store: StationStore, count = 10): string[] {
  const teams = Array.from({ length: count }, (_, i) => `team-${i + 1}`);
  mustExecuteAll(
    store,
    teams.map((id) => ({
      id: newId(),
      type: 'team.register',
      payload: {
        team: {
          id,
          name: `救援队 ${id}`,
          kind: 'comprehensive',
          jurisdiction: '500110',
          headcount: 20,
          skills: [],
          equipment: [],
          base: { lon: 106.92, lat: 28.96 },
          status: 'standby',
        },
      },
    })),
  );
  return teams;
}

/**
 * One command of a flood night's feed, drawn with `random`: mostly new incidents, else a position report of
 * one of `teams` (a shared stream written from several stations: hub order decides the fold).
 */
export function floodFeedCommand(random: () => number, teams: readonly string[]): unknown {
  return random() < 0.7
    ? registerIncidentCommand()
    : {
        id: newId(),
        type: 'team.report_position',
        payload: {
          teamId: teams[Math.floor(random() * teams.length)],
          position: {
            point: { lon: 106.9 + random() / 10, lat: 28.9 + random() / 10 },
            at: new Date().toISOString(),
          },
        },
      };
}
