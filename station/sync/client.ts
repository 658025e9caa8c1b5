import { io, type Socket } from 'socket.io-client';
import type { DomainError } from '../../shared/errors';
import type { DomainEvent, EventEnvelope } from '../../shared/events/envelope';
import {
  MAX_PUBLISH_BYTES,
  MAX_PUBLISH_EVENTS,
  type ClientToServerEvents,
  type HubAck,
  type LiveBatch,
  type PublishReply,
  type PullReply,
  type ServerToClientEvents,
} from '../../shared/sync/protocol';

/** The part of the station store the sync client uses (see contracts.md §2). */
export interface SyncableStore {
  outboxPending(limit: number): EventEnvelope[];
  outboxDepth(): number;
  markDelivered(acks: Array<{ id: string; hubSeq: number }>): void;
  lastHubSeq(): number;
  ingestRemote(events: unknown[]): { applied: number; duplicates: number; rejected: Array<{ id?: string; errors: DomainError[] }> };
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
}

export type SyncStatus = 'offline' | 'syncing' | 'online';

/** What the duty room sees of the link to the hub. */
export interface SyncState {
  status: SyncStatus;
  outboxDepth: number;
  /** Last time the hub answered or pushed anything (ms since epoch), null before the first contact. */
  lastContactAt: number | null;
  /** Last problem, e.g. a refused token or events the hub would not take; cleared by a clean sync. */
  lastError: string | null;
}

export interface SyncClientOptions {
  url: string;
  token: string | (() => string);
  store: SyncableStore;
  clock?: () => number;
  ackTimeoutMs?: number;
  pullPageSize?: number;
  backoff?: { minMs: number; maxMs: number };
}

export interface SyncClient {
  state(): SyncState;
  /** Called on every change of state; returns the unsubscribe function. */
  subscribe(listener: (state: SyncState) => void): () => void;
  /** Try again now, e.g. after a refused token was replaced (the token option is read on every attempt). */
  reconnect(): void;
  stop(): void;
}

class HubRefusal extends Error {}

const errorText = (errors: readonly DomainError[]) => errors.map((e) => `${e.code}${e.detail ? ` (${e.detail})` : ''}`).join('; ');

/**
 * Keeps one station in step with the hub: drains the outbox in station order, waiting for each
 * batch's acknowledgement before marking it delivered; on every (re)connection pushes what is
 * pending, then pulls everything after the last hub sequence it holds, then applies live pushes.
 * Duplicates on either side are harmless: the hub and the store are idempotent on event id.
 */
export function startSyncClient(options: SyncClientOptions): SyncClient {
  const { store } = options;
  const clock = options.clock ?? Date.now;
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const pageSize = options.pullPageSize ?? 500;
  const backoff = options.backoff ?? { minMs: 200, maxMs: 10_000 };

  let state: SyncState = { status: 'offline', outboxDepth: store.outboxDepth(), lastContactAt: null, lastError: null };
  const listeners = new Set<(s: SyncState) => void>();
  const update = (patch: Partial<SyncState>) => {
    const next = { ...state, ...patch };
    if (
      next.status === state.status &&
      next.outboxDepth === state.outboxDepth &&
      next.lastContactAt === state.lastContactAt &&
      next.lastError === state.lastError
    ) {
      return;
    }
    state = next;
    for (const l of listeners) l(state);
  };
  const touch = () => update({ lastContactAt: clock() });

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url, {
    auth: (cb) => cb({ token: typeof options.token === 'function' ? options.token() : options.token }),
    transports: ['websocket'],
    reconnectionDelay: backoff.minMs,
    reconnectionDelayMax: backoff.maxMs,
    randomizationFactor: 0.5,
    timeout: ackTimeoutMs,
  });

  let session = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let caughtUp = false;
  let pulling = false;
  const liveBuffer: EventEnvelope[][] = [];

  const ingest = (events: EventEnvelope[]) => {
    if (events.length === 0) return;
    const result = store.ingestRemote(events);
    if (result.rejected.length > 0) {
      update({ lastError: `station refused ${result.rejected.length} hub event(s): ${errorText(result.rejected[0]?.errors ?? [])}` });
    }
  };

  /** Next batch from the outbox: station order, at most MAX_PUBLISH_EVENTS and about MAX_PUBLISH_BYTES. */
  const nextBatch = (): EventEnvelope[] => {
    const pending = store.outboxPending(MAX_PUBLISH_EVENTS);
    let bytes = 0;
    const batch: EventEnvelope[] = [];
    for (const e of pending) {
      const size = JSON.stringify(e).length;
      if (batch.length > 0 && bytes + size > MAX_PUBLISH_BYTES) break;
      bytes += size;
      batch.push(e);
    }
    return batch;
  };

  const drain = async (mySession: number) => {
    for (;;) {
      if (mySession !== session || !socket.connected) throw new Error('link lost');
      const batch = nextBatch();
      if (batch.length === 0) break;
      const reply: PublishReply = await socket.timeout(ackTimeoutMs).emitWithAck('publish', batch);
      // Stopped or reconnected meanwhile: the store may be closed. An unrecorded ack is harmless — the
      // hub answers a re-publish with the same hub sequence.
      if (mySession !== session) throw new Error('link lost');
      touch();
      if (!reply.ok) throw new HubRefusal(errorText(reply.errors));
      store.markDelivered(reply.acks satisfies HubAck[]);
      update({ outboxDepth: store.outboxDepth() });
      if (reply.rejected.length > 0) throw new HubRefusal(`hub refused events: ${errorText(reply.rejected[0]?.errors ?? [])}`);
    }
  };

  // One drain at a time; appends that arrive meanwhile ask for another round.
  let pumping: Promise<void> | null = null;
  let again = false;
  const pump = (mySession: number): Promise<void> => {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      try {
        do {
          again = false;
          await drain(mySession);
        } while (again);
      } finally {
        pumping = null;
      }
    })();
    return pumping;
  };

  const pullAll = async (mySession: number) => {
    pulling = true;
    try {
      let cursor = store.lastHubSeq();
      for (;;) {
        if (mySession !== session || !socket.connected) throw new Error('link lost');
        const reply: PullReply = await socket.timeout(ackTimeoutMs).emitWithAck('pull', { since: cursor, limit: pageSize });
        if (mySession !== session) throw new Error('link lost');
        touch();
        if (!reply.ok) throw new HubRefusal(errorText(reply.errors));
        ingest(reply.events);
        cursor = Math.max(cursor, reply.events.at(-1)?.hubSeq ?? cursor);
        if (!reply.more) break;
      }
      // Caught up in the same synchronous step as the last page: live pushes that arrived while it was
      // in flight come after it in hub order, and later ones are applied as they come.
      caughtUp = true;
      for (const batch of liveBuffer.splice(0)) ingest(batch);
    } finally {
      pulling = false;
    }
  };

  const settle = () => {
    // After stop() the store may already be closed by its owner: touch nothing.
    if (stopped) return;
    const depth = store.outboxDepth();
    update({ outboxDepth: depth, status: socket.connected ? (caughtUp && depth === 0 ? 'online' : 'syncing') : 'offline' });
  };

  const runSession = async (mySession: number) => {
    clearTimeout(retryTimer);
    if (stopped) return;
    update({ status: 'syncing' });
    try {
      await pump(mySession);
      if (!caughtUp) await pullAll(mySession);
      failures = 0;
      update({ lastError: null });
    } catch (error) {
      if (mySession !== session || stopped) return;
      failures += 1;
      if (error instanceof HubRefusal || !(error instanceof Error && error.message === 'link lost')) {
        update({ lastError: error instanceof Error ? error.message : String(error) });
      }
      if (socket.connected) {
        const delay = Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures, 16)) * (0.5 + Math.random() / 2);
        retryTimer = setTimeout(() => void runSession(mySession), delay);
      }
    } finally {
      settle();
    }
  };

  socket.on('connect', () => {
    session += 1;
    caughtUp = false;
    liveBuffer.length = 0;
    touch();
    void runSession(session);
  });
  socket.on('disconnect', () => {
    session += 1;
    caughtUp = false;
    clearTimeout(retryTimer);
    settle();
  });
  socket.on('connect_error', (error) => {
    // A refusal by the hub's handshake (bad, expired or revoked token) is final; network errors retry.
    if (!socket.active) update({ lastError: `hub refused the connection: ${error.message}` });
    settle();
  });
  socket.on('refused', (errors) => update({ lastError: `hub closed the connection: ${errorText(errors)}` }));
  socket.on('events', (batch: LiveBatch) => {
    if (stopped) return;
    touch();
    if (!Array.isArray(batch?.events)) return;
    if (pulling) liveBuffer.push(batch.events);
    else if (caughtUp) {
      try {
        ingest(batch.events);
      } catch (error) {
        // E.g. a store open read-only after a failed integrity check: say so, and pull again (with backoff).
        caughtUp = false;
        update({ lastError: `could not apply hub events: ${error instanceof Error ? error.message : String(error)}` });
        void runSession(session);
      }
    }
  });

  // New local events: push them at once when the link is up (coalesced per turn of the event loop).
  let scheduled = false;
  const unsubscribe = store.onAppended(() => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (stopped) return;
      const depth = store.outboxDepth();
      update({ outboxDepth: depth });
      if (depth > 0 && socket.connected && caughtUp) {
        const mySession = session;
        update({ status: 'syncing' });
        pump(mySession)
          .catch((error: unknown) => {
            if (mySession === session) void runSession(mySession);
            if (error instanceof HubRefusal) update({ lastError: error.message });
          })
          .finally(settle);
      }
    });
  });

  return {
    state: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnect: () => {
      if (!stopped && !socket.connected) socket.connect();
    },
    stop: () => {
      session += 1;
      clearTimeout(retryTimer);
      unsubscribe();
      socket.disconnect();
      update({ status: 'offline' });
      stopped = true;
    },
  };
}
