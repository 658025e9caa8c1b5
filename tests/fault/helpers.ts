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
