import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import type { DomainError } from '../../shared/errors';
import type { StationStore } from '../store/index';
import type { EventEnvelope } from '../../shared/events/envelope';
import { sameDigest, splitRange, type WireDigest } from '../../shared/sync/digest';
import {
  DIGEST_FANOUT,
  DIGEST_LEAF,
  DigestReplyMessage,
  LiveBatchMessage,
  MAX_DIGEST_RANGES,
  MAX_PUBLISH_BYTES,
  MAX_PUBLISH_EVENTS,
  PullRangeReplyMessage,
  PullReplyMessage,
  expectedBefore,
  Anchor,
  AnchorReplyMessage,
  type AnchorPublicKey,
  type ClientToServerEvents,
  type HubAck,
  type PublishReply,
  type ServerToClientEvents,
  type Viewer,
} from '../../shared/sync/protocol';

/** The part of the station store the sync client uses (see contracts.md §2). */
export type SyncableStore = Pick<
  StationStore,
  | 'stationId'
  | 'jurisdiction'
  | 'outboxPending'
  | 'outboxDepth'
  | 'markDelivered'
  | 'pullCursor'
  | 'ingestRemote'
  | 'visibleDigest'
  | 'onAppended'
>;

export type SyncStatus = 'offline' | 'syncing' | 'online';

/** A hole found and filled: by the previous-sequence check of the live stream, or by anti-entropy. */
export interface SyncRepair {
  at: number;
  via: 'sequence' | 'anti-entropy';
  /** The hub sequences searched, (after, through]. */
  after: number;
  through: number;
  /** Events that were missing and are now held. */
  events: number;
}

/** A hole the station could not fill: what the hub lists in (after, through] and the station lacks. */
export interface SyncHole {
  at: number;
  after: number;
  through: number;
  /** Events the hub lists there that the station does not hold (negative: it holds some the hub does not list). */
  missing: number;
}

/** What the duty room sees of the link to the hub. */
export interface SyncState {
  /** online only when connected, the outbox empty and everything visible up to the newest known hub sequence held. */
  status: SyncStatus;
  outboxDepth: number;
  /** Last time the hub answered or pushed anything (ms since epoch), null before the first contact. */
  lastContactAt: number | null;
  /** Last problem, e.g. a refused token or events the hub would not take; cleared by a clean sync. */
  lastError: string | null;
  /** Every hub event visible to this station up to this hub sequence is held (the pull cursor). */
  caughtUpTo: number;
  /** Hub sequences past `caughtUpTo` that the station knows the hub holds and has not confirmed it holds. */
  behindBy: number;
  /** Holes found and repaired since start, and the latest. */
  repairs: number;
  lastRepair: SyncRepair | null;
  /** A hole that a repair did not fill (an alarm); cleared when a later check finds nothing missing. */
  unrepaired: SyncHole | null;
}

/** The few logger methods used (pino's signature: fields first, then the message). */
export interface SyncLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Where the hub's signed chain heads go (station/verify/watch.ts). */
export interface AnchorSink {
  /** The hub's copy of this station's chain head, asked on every (re)connection, with the key that signed it. */
  hubHead(reply: { anchor: Anchor | null; publicKey: AnchorPublicKey }): void;
  /** The anchor an acknowledgement carried. */
  acknowledged(anchor: Anchor): void;
}

export interface SyncClientOptions {
  /**
   * The hub's address, or several nodes of one hub (a province's hub on PostgreSQL, decision 0021)
   * separated by commas: a station that loses its node, or cannot reach it, tries the next in turn.
   */
  url: string;
  token: string | (() => string);
  store: SyncableStore;
  clock?: () => number;
  ackTimeoutMs?: number;
  pullPageSize?: number;
  backoff?: { minMs: number; maxMs: number };
  /** How often the station compares what it holds with the hub (anti-entropy); also on every (re)connection. */
  antiEntropyMs?: number;
  logger?: SyncLogger;
  /**
   * The site CA (PEM) that an https hub's certificate must chain to (`--hub-ca`); verification stays on.
   * Without it an https hub is checked against the system's CAs.
   */
  ca?: string;
  /** The hub's signed chain heads (anchors) go here; none asked for without it. */
  anchors?: AnchorSink;
}

export interface SyncClient {
  state(): SyncState;
  /** Called on every change of state; returns the unsubscribe function. */
  subscribe(listener: (state: SyncState) => void): () => void;
  /** Try again now, e.g. after a refused token was replaced (the token option is read on every attempt). */
  reconnect(): void;
  /** Compare with the hub now rather than at the next period (resolves when that check is over). */
  checkNow(): Promise<void>;
  stop(): void;
}

class HubRefusal extends Error {}

/** One address, or several separated by commas (the nodes of one hub), in the order given. */
export const hubAddresses = (url: string): string[] =>
  url
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);
class LinkLost extends Error {
  constructor() {
    super('link lost');
  }
}

const errorText = (errors: readonly unknown[]) =>
  (errors as DomainError[]).map((e) => `${e.code}${e.detail ? ` (${e.detail})` : ''}`).join('; ');
const silent: SyncLogger = { info: () => undefined, warn: () => undefined };
const hubSeqOf = (e: unknown): number => {
  const seq = (e as { hubSeq?: unknown } | null)?.hubSeq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : 0;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Keeps one station in step with the hub: drains the outbox in station order, waiting for each
 * batch's acknowledgement before marking it delivered; on every (re)connection pushes what is
 * pending, then pulls everything after its pull cursor, then applies live pushes.
 *
 * The cursor cannot skip (issue 18): each live batch says which visible sequence came before it; the
 * cursor moves over the batch only when that is where the cursor stands, else the station pulls from
 * its cursor. Anti-entropy — on every (re)connection and every `antiEntropyMs` — compares the count and
 * hash of what the station holds with what the hub says it should hold, splits the ranges that differ
 * until they are small, and fetches them. Duplicates on either side are harmless: the hub and the
 * store are idempotent on event id.
 */
export function startSyncClient(options: SyncClientOptions): SyncClient {
  const { store } = options;
  const clock = options.clock ?? Date.now;
  const log = options.logger ?? silent;
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const pageSize = options.pullPageSize ?? 500;
  const backoff = options.backoff ?? { minMs: 200, maxMs: 10_000 };
  const antiEntropyMs = options.antiEntropyMs ?? 5_000;

  let cursor = store.pullCursor();
  /** The newest hub sequence the station has learned the hub holds (a live batch, a pull's head, a digest's). */
  let knownHead = cursor;
  /** Sequences the hub announced as visible to this station, past the cursor: the cursor may not pass them unheld. */
  const mustHold = new Set<number>();
  /**
   * Live batches held but not joined to the cursor yet, as (expected, last]: a batch can overtake the
   * reply of a pull already under way. The cursor moves over them once it reaches their start.
   */
  const segments: Array<[number, number]> = [];
  const MAX_SEGMENTS = 10_000;
  /** A pull did not close a gap: leave it to anti-entropy rather than pull again at every batch. */
  let stalled = false;
  let viewer: Viewer = { station: store.stationId, jurisdiction: store.jurisdiction };

  let state: SyncState = {
    status: 'offline',
    outboxDepth: store.outboxDepth(),
    lastContactAt: null,
    lastError: null,
    caughtUpTo: cursor,
    behindBy: 0,
    repairs: 0,
    lastRepair: null,
    unrepaired: null,
  };
  const listeners = new Set<(s: SyncState) => void>();
  const update = (patch: Partial<SyncState>) => {
    const next = { ...state, ...patch };
    if ((Object.keys(next) as Array<keyof SyncState>).every((k) => next[k] === state[k])) return;
    state = next;
    for (const l of listeners) l(state);
  };
  const touch = () => update({ lastContactAt: clock() });

  const hubUrls = hubAddresses(options.url);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(hubUrls[0] ?? options.url, {
    auth: (cb) => cb({ token: typeof options.token === 'function' ? options.token() : options.token }),
    transports: ['websocket'],
    reconnectionDelay: backoff.minMs,
    reconnectionDelayMax: backoff.maxMs,
    randomizationFactor: 0.5,
    timeout: ackTimeoutMs,
    ...(options.ca !== undefined ? { ca: options.ca, rejectUnauthorized: true } : {}),
  });

  // Fail over (decision 0021): every reconnection attempt after a lost or refused link goes to the next
  // node. Each serves the same log, so the cursor, digests and anchors carry over. socket.io's Manager
  // opens each attempt at its `uri`, which it keeps private: set here, before the attempt.
  let node = 0;
  if (hubUrls.length > 1)
    socket.io.on('reconnect_attempt', () => {
      node = (node + 1) % hubUrls.length;
      Object.assign(socket.io, { uri: hubUrls[node] ?? options.url });
    });

  let session = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let caughtUp = false;
  let initialPull = false;
  const liveBuffer: Array<z.infer<typeof LiveBatchMessage>> = [];

  /** After stop() the store may already be closed by its owner: touch nothing. */
  const settle = () => {
    if (stopped) return;
    const depth = store.outboxDepth();
    const behindBy = Math.max(0, knownHead - cursor, ...[...mustHold].map((m) => m - cursor));
    const upToDate = caughtUp && depth === 0 && behindBy === 0 && state.unrepaired === null;
    update({
      outboxDepth: depth,
      caughtUpTo: cursor,
      behindBy,
      status: socket.connected ? (upToDate ? 'online' : 'syncing') : 'offline',
    });
  };

  /**
   * Re-read the cursor after an ingest that may have moved it, carry it over the held batches that now
   * join it, and forget what lies below it.
   */
  const cursorMoved = () => {
    cursor = store.pullCursor();
    for (;;) {
      const joins = segments.filter(([from, to]) => from <= cursor && to > cursor);
      if (joins.length === 0) break;
      const to = Math.max(...joins.map(([, t]) => t));
      store.ingestRemote([], { cursor: to, requires: [...mustHold].filter((m) => m <= to) });
      const moved = store.pullCursor();
      if (moved === cursor) break;
      cursor = moved;
    }
    for (let i = segments.length - 1; i >= 0; i -= 1) if (segments[i]?.[1] <= cursor) segments.splice(i, 1);
    for (const m of mustHold) if (m <= cursor) mustHold.delete(m);
    if (cursor >= knownHead && mustHold.size === 0) stalled = false;
  };

  const ingest = (events: unknown[], vouch?: { cursor: number; requires?: readonly number[] }) => {
    const result = store.ingestRemote(events, vouch);
    if (result.rejected.length > 0) {
      update({
        lastError: `station refused ${result.rejected.length} hub event(s): ${errorText(result.rejected[0]?.errors ?? [])}`,
      });
    }
    return result;
  };

  /** One request with its reply checked against the protocol's schema. */
  const request = async <S extends z.ZodType>(
    mySession: number,
    name: 'pull' | 'digest' | 'pullRange' | 'anchor',
    body: unknown,
    schema: S,
  ): Promise<Extract<z.infer<S>, { ok: true }>> => {
    if (mySession !== session || !socket.connected) throw new LinkLost();
    const raw: unknown = await socket.timeout(ackTimeoutMs).emitWithAck(name, body);
    // Stopped or reconnected meanwhile: the store may be closed.
    if (mySession !== session) throw new LinkLost();
    touch();
    const reply = schema.safeParse(raw);
    if (!reply.success) throw new HubRefusal(`malformed ${name} reply from the hub`);
    const data = reply.data as { ok: boolean; errors?: unknown[] };
    if (!data.ok) throw new HubRefusal(errorText(data.errors ?? []));
    return reply.data as Extract<z.infer<S>, { ok: true }>;
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
      if (mySession !== session || !socket.connected) throw new LinkLost();
      const batch = nextBatch();
      if (batch.length === 0) break;
      // The hub's reply as the protocol types it (shared/sync/protocol.ts); its anchor is parsed below.
      const reply = (await socket.timeout(ackTimeoutMs).emitWithAck('publish', batch)) as PublishReply;
      // Stopped or reconnected meanwhile: the store may be closed. An unrecorded ack is harmless — the
      // hub answers a re-publish with the same hub sequence.
      if (mySession !== session) throw new LinkLost();
      touch();
      if (!reply.ok) throw new HubRefusal(errorText(reply.errors));
      store.markDelivered(reply.acks satisfies HubAck[]);
      if (options.anchors && reply.anchor !== undefined) {
        const anchor = Anchor.safeParse(reply.anchor);
        if (anchor.success) options.anchors.acknowledged(anchor.data);
        else update({ lastError: 'malformed anchor from the hub' });
      }
      update({ outboxDepth: store.outboxDepth() });
      if (reply.rejected.length > 0)
        throw new HubRefusal(`hub refused events: ${errorText(reply.rejected[0]?.errors ?? [])}`);
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

  const recordRepair = (repair: SyncRepair) => {
    log.info({ ...repair }, 'sync repair: missing hub events fetched');
    update({ repairs: state.repairs + 1, lastRepair: repair });
  };

  /**
   * Pull everything visible after the cursor. Each page covers (since, through] — through is the last
   * event's sequence while more follow, else the head — and the cursor moves over it unless an event
   * was refused or a sequence the hub announced is still not held. Returns the events newly held.
   */
  const pullFromCursor = async (mySession: number): Promise<number> => {
    let since = cursor;
    let vouching = true;
    let applied = 0;
    for (;;) {
      const reply = await request(mySession, 'pull', { since, limit: pageSize }, PullReplyMessage);
      if (reply.viewer) viewer = reply.viewer;
      const last = Math.max(since, ...reply.events.map(hubSeqOf));
      const through = reply.more ? last : Math.max(last, reply.head);
      knownHead = Math.max(knownHead, through);
      vouching &&= since <= cursor;
      const requires = [...mustHold].filter((m) => m <= through);
      applied += ingest(reply.events, vouching ? { cursor: through, requires } : undefined).applied;
      cursorMoved();
      if (cursor < through) vouching = false;
      if (!reply.more) break;
      since = last;
    }
    return applied;
  };

  /** The hub's signed copy of this station's chain head, on every (re)connection; a hub without anchors is said once. */
  let anchorsUnsupported = false;
  const askAnchor = async (mySession: number) => {
    const sink = options.anchors;
    if (!sink || anchorsUnsupported) return;
    try {
      const reply = await request(mySession, 'anchor', {}, AnchorReplyMessage);
      sink.hubHead({ anchor: reply.anchor, publicKey: reply.publicKey });
    } catch (error) {
      if (!(error instanceof HubRefusal)) throw error;
      anchorsUnsupported = error.message.includes('unknown message');
      log.warn({ error: error.message }, 'no signed chain head from the hub');
    }
  };

  /** The first pull of a connection: afterwards the hub pushes live; what it pushed meanwhile follows the pull. */
  const catchUp = async (mySession: number) => {
    initialPull = true;
    try {
      await pullFromCursor(mySession);
      // Caught up in the same synchronous step as the last page: live pushes that arrived while it was
      // in flight come after it in hub order, and later ones are applied as they come.
      caughtUp = true;
      for (const batch of liveBuffer.splice(0)) applyLive(batch);
    } finally {
      initialPull = false;
    }
  };

  /** A gap in the live stream: pull from the cursor once; if that does not close it, anti-entropy will. */
  const gapPull = async (mySession: number) => {
    const before = cursor;
    const applied = await pullFromCursor(mySession);
    if (applied > 0)
      recordRepair({ at: clock(), via: 'sequence', after: before, through: cursor, events: applied });
    if (cursor < knownHead || mustHold.size > 0) {
      stalled = true;
      wantCheck = true;
    }
  };

  /** Digests of many ranges, a message of at most MAX_DIGEST_RANGES at a time; asks again for those the hub left for later. */
  const hubDigests = async (mySession: number, ranges: Array<[number, number | null]>) => {
    const out = new Map<number, WireDigest>();
    let head = 0;
    let pending = ranges.map((r, i) => ({ r, i }));
    for (let round = 0; pending.length > 0; round += 1) {
      if (round > 0) await sleep(Math.min(500, 10 * round));
      if (round > 200) throw new Error('the hub did not finish its digests');
      const next: typeof pending = [];
      for (let k = 0; k < pending.length; k += MAX_DIGEST_RANGES) {
        const chunk = pending.slice(k, k + MAX_DIGEST_RANGES);
        const reply = await request(
          mySession,
          'digest',
          { ranges: chunk.map((c) => c.r) },
          DigestReplyMessage,
        );
        head = Math.max(head, reply.head);
        chunk.forEach((c, j) => {
          const d = reply.digests[j];
          if (d) out.set(c.i, d);
          else next.push(c);
        });
      }
      pending = next;
    }
    const digests = ranges.map((_, i) => out.get(i));
    if (digests.some((d) => d === undefined)) throw new Error('the hub left a digest unanswered');
    return { head, digests: digests as WireDigest[] };
  };

  /** Fetch (after, through] whole; returns the events newly held. */
  const fetchRange = async (mySession: number, after: number, through: number) => {
    let from = after;
    let applied = 0;
    for (;;) {
      const reply = await request(
        mySession,
        'pullRange',
        { after: from, through, limit: pageSize },
        PullRangeReplyMessage,
      );
      applied += ingest(reply.events).applied;
      if (!reply.more || reply.events.length === 0) break;
      from = Math.max(from, ...reply.events.map(hubSeqOf));
    }
    return applied;
  };

  /**
   * Anti-entropy: compare (0, head] with the hub; split what differs until the ranges are small, fetch
   * them, compare them again. All equal: the cursor moves to the head. Still different: an unrepaired
   * hole (an alarm), searched again at the next period.
   */
  const antiEntropy = async (mySession: number) => {
    const top = await hubDigests(mySession, [[0, null]]);
    const head = top.head;
    if (head === 0) return;
    const differs = (after: number, through: number, d: WireDigest) =>
      !sameDigest(store.visibleDigest(after, through), d);
    const leaves: Array<{ after: number; through: number; hub: WireDigest }> = [];
    let frontier: Array<[number, number]> = differs(0, head, top.digests[0]) ? [[0, head]] : [];
    while (frontier.length > 0) {
      const parts = frontier.flatMap(([a, b]) =>
        b - a <= DIGEST_LEAF ? [[a, b] as [number, number]] : splitRange(a, b, DIGEST_FANOUT),
      );
      const { digests } = await hubDigests(mySession, parts);
      frontier = [];
      parts.forEach(([a, b], i) => {
        const d = digests[i];
        if (!differs(a, b, d)) return;
        if (b - a <= DIGEST_LEAF) leaves.push({ after: a, through: b, hub: d });
        else frontier.push([a, b]);
      });
    }
    const before = cursor;
    let applied = 0;
    const left: typeof leaves = [];
    if (leaves.length > 0) {
      for (const leaf of leaves) applied += await fetchRange(mySession, leaf.after, leaf.through);
      const again = await hubDigests(
        mySession,
        leaves.map((l) => [l.after, l.through]),
      );
      leaves.forEach((l, i) => {
        const d = again.digests[i];
        if (differs(l.after, l.through, d)) left.push({ ...l, hub: d });
      });
    }
    if (left.length === 0) {
      // Everything visible up to the head is held: the digest is the stronger word than any announced sequence.
      mustHold.clear();
      ingest([], { cursor: head });
      cursorMoved();
      knownHead = Math.max(knownHead, head);
      stalled = false;
      if (applied > 0)
        recordRepair({ at: clock(), via: 'anti-entropy', after: before, through: head, events: applied });
      if (state.unrepaired) log.info({ ...state.unrepaired }, 'sync hole now filled');
      update({ unrepaired: null, lastError: null });
      return;
    }
    knownHead = Math.max(knownHead, head);
    if (applied > 0)
      recordRepair({ at: clock(), via: 'anti-entropy', after: before, through: head, events: applied });
    const hole: SyncHole = {
      at: clock(),
      after: Math.min(...left.map((l) => l.after)),
      through: Math.max(...left.map((l) => l.through)),
      missing: left.reduce((sum, l) => sum + l.hub.n - store.visibleDigest(l.after, l.through).n, 0),
    };
    log.warn({ ...hole, ranges: left.length }, 'sync hole: the hub lists events this station cannot fetch');
    update({ unrepaired: hole });
  };

  // Gap pulls and anti-entropy run one at a time, on the connection they were asked for.
  let wantPull = false;
  let wantCheck = false;
  let working = false;
  let checked: Array<() => void> = [];
  const work = async (mySession: number) => {
    if (working || stopped) return;
    working = true;
    try {
      while (mySession === session && socket.connected && caughtUp && (wantPull || wantCheck)) {
        if (wantPull) {
          wantPull = false;
          // A batch that overtook an earlier pull's reply may have been joined meanwhile.
          if (cursor < knownHead || mustHold.size > 0) await gapPull(mySession);
        } else {
          wantCheck = false;
          const waiting = checked;
          checked = [];
          try {
            await antiEntropy(mySession);
          } finally {
            for (const done of waiting) done();
          }
        }
        settle();
      }
    } catch (error) {
      if (mySession !== session || stopped || error instanceof LinkLost) return;
      // A timed-out or refused request on a live connection: try again after a while.
      failures += 1;
      update({ lastError: error instanceof Error ? error.message : String(error) });
      wantCheck = true;
      const delay =
        Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures, 16)) * (0.5 + Math.random() / 2);
      retryTimer = setTimeout(() => void work(mySession), delay);
    } finally {
      working = false;
      settle();
      // Ended by a reconnection while a request was out: the new connection's check still runs now.
      if (mySession !== session && !stopped && (wantPull || wantCheck)) kick();
    }
  };
  const kick = () => void work(session);

  /** A live batch: held at once; the cursor moves over it only if the hub's previous sequence is where it stands. */
  function applyLive(batch: z.infer<typeof LiveBatchMessage>) {
    const last = Math.max(0, ...batch.events.map(hubSeqOf));
    if (last === 0) return;
    const expected = expectedBefore(batch.prev, viewer);
    const contiguous = expected !== null && expected <= cursor;
    const { rejected } = ingest(batch.events, contiguous ? { cursor: last } : undefined);
    knownHead = Math.max(knownHead, last);
    if (expected !== null && expected > cursor) {
      mustHold.add(expected);
      if (rejected.length === 0) {
        segments.push([expected, last]);
        if (segments.length > MAX_SEGMENTS) segments.shift();
      }
    }
    cursorMoved();
    if (cursor < last && !stalled) {
      wantPull = true;
      kick();
    }
    settle();
  }

  const runSession = async (mySession: number) => {
    clearTimeout(retryTimer);
    if (stopped) return;
    update({ status: 'syncing' });
    try {
      await askAnchor(mySession);
      await pump(mySession);
      if (!caughtUp) {
        await catchUp(mySession);
        // On every (re)connection: prove what is held before saying 在线.
        wantCheck = true;
        // Events appended while the pull was out were not pushed (not caught up then): push them now.
        if (store.outboxDepth() > 0) await pump(mySession);
      }
      failures = 0;
      update({ lastError: null });
      void work(mySession);
    } catch (error) {
      if (mySession !== session || stopped) return;
      failures += 1;
      if (error instanceof HubRefusal || !(error instanceof LinkLost)) {
        update({ lastError: error instanceof Error ? error.message : String(error) });
      }
      if (socket.connected) {
        const delay =
          Math.min(backoff.maxMs, backoff.minMs * 2 ** Math.min(failures, 16)) * (0.5 + Math.random() / 2);
        retryTimer = setTimeout(() => void runSession(mySession), delay);
      }
    } finally {
      settle();
    }
  };

  const periodic = setInterval(() => {
    if (stopped || !socket.connected || !caughtUp) return;
    wantCheck = true;
    kick();
  }, antiEntropyMs);
  periodic.unref?.();

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
    else {
      // A hub whose certificate this station does not trust (no --hub-ca, another site's CA): on record; it retries.
      const code = (error as { description?: { error?: { code?: unknown } } }).description?.error?.code;
      const lastError = `hub certificate not trusted (${String(code)}): give the site CA with --hub-ca`;
      if (typeof code === 'string' && /CERT|SIGNATURE|ISSUER/.test(code) && state.lastError !== lastError)
        update({ lastError });
    }
    settle();
  });
  socket.on('refused', (errors) => update({ lastError: `hub closed the connection: ${errorText(errors)}` }));
  socket.on('events', (raw: unknown) => {
    if (stopped) return;
    touch();
    const batch = LiveBatchMessage.safeParse(raw);
    if (!batch.success) {
      update({ lastError: 'malformed live batch from the hub' });
      return;
    }
    if (initialPull) liveBuffer.push(batch.data);
    else if (caughtUp) {
      try {
        applyLive(batch.data);
      } catch (error) {
        // E.g. a store open read-only after a failed integrity check: say so, and pull again (with backoff).
        caughtUp = false;
        update({
          lastError: `could not apply hub events: ${error instanceof Error ? error.message : String(error)}`,
        });
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
    checkNow: () =>
      new Promise<void>((resolve) => {
        if (stopped || !socket.connected || !caughtUp) {
          resolve();
          return;
        }
        checked.push(resolve);
        wantCheck = true;
        kick();
      }),
    stop: () => {
      session += 1;
      clearTimeout(retryTimer);
      clearInterval(periodic);
      unsubscribe();
      socket.disconnect();
      update({ status: 'offline' });
      stopped = true;
      for (const done of checked.splice(0)) done();
    },
  };
}
