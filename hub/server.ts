import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import pino, { type Logger } from 'pino';
import { domainError, type DomainError } from '../shared/errors';
import { parseEvent, type DomainEvent, type EventEnvelope } from '../shared/events/envelope';
import type { HashFn } from '../shared/events/hash';
import {
  DigestRequest,
  MAX_FRAME_BYTES,
  MAX_PULL_BYTES,
  PublishRequest,
  PullRangeRequest,
  PullRequest,
  type ClientToServerEvents,
  type DigestReply,
  type HubAck,
  type LiveBatch,
  type PublishReply,
  type PullRangeReply,
  type PullReply,
  type RejectedEvent,
  type ServerToClientEvents,
  type StationPrincipal,
  type VisiblePrev,
} from '../shared/sync/protocol';
import { ancestorsOf, isWithin } from '../shared/domain/jurisdiction';
import { roomsFor, roomsOf, type Route } from '../shared/sync/routing';
import { ephemeralAnchorSigner, hubAnchors, type AnchorSigner } from './anchors';
import { verifyToken } from './auth';
import { hubDigests, type DigestOptions } from './digests';
import { tokenBudgets, type TokenLimits } from './rate-limit';
import { admitEvent, checkPublisher } from './routing';
import { recentLog } from './recent-log';
import type { HubEventStore, RouteDecision, StoredEvent } from './store';

export const nodeSha256: HashFn = (text) => createHash('sha256').update(text).digest('hex');

export interface HubOptions {
  store: HubEventStore;
  key: Uint8Array;
  host?: string;
  port?: number;
  clock?: () => number;
  /** How often connected tokens are re-checked for expiry and revocation. */
  tokenCheckIntervalMs?: number;
  /** Per station token, all its connections together (hub/rate-limit.ts). */
  rateLimit?: TokenLimits;
  maxFrameBytes?: number;
  logger?: Logger;
  /**
   * Test hook for crash tests: kill the process with SIGKILL right after the Nth commit, before its
   * acknowledgement is sent. Never set in production.
   */
  crashAfterCommit?: number;
  /**
   * Tag every live batch with what came before it per audience (`prev`), so that a station can tell a
   * hole in its stream (default true). Off only as the benchmark's baseline.
   */
  sequenceChecks?: boolean;
  digests?: DigestOptions;
  /** Test hook for fault tests: what the hub leaves out of what it sends one station. Never set in production. */
  faults?: HubFaults;
  /** Serve over TLS only (PEM certificate and key, hub/tls.ts); a plain connection is then refused. */
  tls?: { cert: string; key: string };
  /** Signs each station's chain head on acknowledgement (hub/anchors.ts); a key for this process alone when absent. */
  anchors?: AnchorSigner;
  /**
   * On a shared log: how many of the events this node delivered last it keeps to answer pulls from
   * memory (hub/recent-log.ts; default 20,000, 0 for none).
   */
  recentEvents?: number;
}

/** A hub that loses events on the way to a station while its log and its digests stay right. */
export interface HubFaults {
  /** True to leave `event` out of what `station` is sent by this path. */
  omit(station: string, event: EventEnvelope, via: 'live' | 'pull' | 'pullRange'): boolean;
}

export interface Hub {
  url: string;
  port: number;
  /** The ingest path every publisher uses, sockets and the simulator alike. */
  ingest(raw: unknown, principal: StationPrincipal): PublishReply;
  connectedStations(): string[];
  close(): Promise<void>;
}

interface SocketData {
  principal: StationPrincipal;
  live: boolean;
}
type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;


export async function startHub(options: HubOptions): Promise<Hub> {
  const { store, key } = options;
  const clock = options.clock ?? Date.now;
  const log = options.logger ?? pino({ level: 'silent' });
  const limit = options.rateLimit ?? { messagesPerSecond: 200, burst: 400 };
  // Several nodes on one database keep each token's budget there, so that it holds across them.
  const budgets = store.shared?.tokenBudgets?.(limit) ?? tokenBudgets(limit);
  const sequenceChecks = options.sequenceChecks ?? true;
  const digests = hubDigests(store, options.digests);
  const routeBy = (e: DomainEvent): RouteDecision => {
    const admitted = admitEvent(e, store);
    return admitted.ok ? admitted.route : { refused: admitted.errors };
  };
  const anchors = hubAnchors(store, options.anchors ?? ephemeralAnchorSigner(), clock);
  let commits = 0;

  const http = options.tls
    ? createTlsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' })
    : createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    maxHttpBufferSize: options.maxFrameBytes ?? MAX_FRAME_BYTES,
    serveClient: false,
    pingInterval: 5_000,
    pingTimeout: 5_000,
  });

  /**
   * The store could not answer (a shared database away for a moment, decision 0021): the message is
   * refused with this, the connection kept; a new connection is refused until the store answers again.
   */
  const unavailable = domainError('INVALID_FIELD', 'token', 'the hub cannot check tokens right now; try again shortly');
  const tokenProblem = (p: StationPrincipal): DomainError | null => {
    if (p.expiresAt <= clock()) return domainError('NOT_AUTHENTICATED', 'token', 'token expired');
    try {
      if (store.isRevoked(p)) return domainError('NOT_AUTHENTICATED', 'token', 'token revoked');
    } catch (error) {
      log.warn({ err: error, station: p.station }, 'could not check a token');
      return unavailable;
    }
    return null;
  };

  /**
   * For each jurisdiction with a live station: the last hub sequence visible there, who wrote it, and
   * the last visible one written by any other station (what a station of that jurisdiction must hold
   * before the next batch, its own events aside). Kept in commit order, which is hub order.
   */
  interface VisibleTail {
    last: number;
    by: string;
    beforeBy: number;
  }
  const tails = new Map<string, VisibleTail>();
  /**
   * Start following a jurisdiction when its first station goes live, in the same tick as the pull that
   * read everything up to `head`: nothing visible there lies between `head` and the next commit.
   */
  const follow = (jurisdiction: string, head: number) => {
    if (!tails.has(jurisdiction)) tails.set(jurisdiction, { last: head, by: '', beforeBy: head });
  };
  /** The followed jurisdictions an event routed so is visible to (routing.ts `visibleTo`, by its rooms). */
  const audienceOf = (route: Route): string[] => {
    const out: string[] = [];
    for (const j of [route.jurisdiction, ...ancestorsOf(route.jurisdiction)]) if (tails.has(j)) out.push(j);
    if (route.extra !== null && tails.has(route.extra) && !out.includes(route.extra)) out.push(route.extra);
    if (route.down) {
      for (const j of tails.keys()) if (j !== route.jurisdiction && isWithin(j, route.jurisdiction)) out.push(j);
    }
    // A drill's records stop at its organiser: nobody above is told of them, nor counts them as sent.
    const ceiling = route.ceiling;
    return ceiling === null ? out : out.filter((j) => isWithin(j, ceiling));
  };

  /** Test hook only: the batch sent socket by socket, each without what `faults` leaves out for it. */
  const emitWithFaults = (faults: HubFaults, rooms: string[], origin: string, batch: LiveBatch) => {
    const ids = new Set<string>();
    for (const room of rooms) for (const id of io.of('/').adapter.rooms.get(room) ?? []) ids.add(id);
    for (const id of ids) {
      const socket = io.of('/').sockets.get(id);
      const station = socket?.data.principal.station;
      if (!socket || station === undefined || station === origin) continue;
      const events = batch.events.filter((e) => !faults.omit(station, e, 'live'));
      if (events.length > 0) socket.emit('events', { ...batch, events });
    }
  };

  /**
   * Several hub nodes on one log (decision 0021): the highest sequence this node has fanned out. Every
   * node delivers to its own sockets by reading the log after it, in order, whoever committed it.
   */
  const shared = store.shared;
  let delivered = shared ? store.head() : 0;
  const recent = recentLog(shared ? (options.recentEvents ?? 20_000) : 0);
  const deliverFromLog = () => {
    if (!shared) return;
    for (;;) {
      const next = shared.readCommitted(delivered, 500);
      const last = next.at(-1)?.event.hubSeq;
      if (last === undefined || last === null) return;
      fanOut(next);
      delivered = last;
      if (next.length < 500) return;
    }
  };
  /**
   * What a pull or digest answers up to: on a shared log, what this node has delivered (nothing falls
   * between: what comes after it, it fans out). The log is read on at most once per turn of the event
   * loop for this: a reconnect storm's thousand pulls arriving together cost one read, not a thousand.
   */
  let readThisTurn = false;
  const answeredHead = (): number => {
    if (!shared) return store.head();
    if (!readThisTurn) {
      deliverFromLog();
      readThisTurn = true;
      setImmediate(() => {
        readThisTurn = false;
      });
    }
    return delivered;
  };
  /** This node's own commit: fanned out at once when it follows what was delivered, else read from the log. */
  const deliver = (committed: readonly StoredEvent[]) => {
    if (!shared) {
      fanOut(committed);
      return;
    }
    if (committed.length === 0) return;
    if (committed[0]?.event.hubSeq === delivered + 1) {
      fanOut(committed);
      delivered = committed.at(-1)?.event.hubSeq ?? delivered;
      return;
    }
    try {
      deliverFromLog();
    } catch (error) {
      // Committed and acknowledged: the next wake (notification or poll) reads it from the log.
      log.warn({ err: error }, 'could not read the shared log; the next wake tries again');
    }
  };

  const fanOut = (committed: readonly StoredEvent[]) => {
    recent.add(committed);
    // Consecutive events with the same audience and origin go out as one batch, in hub order;
    // the origin station already holds its own events.
    let group: StoredEvent[] = [];
    let groupKey = '';
    const flush = () => {
      const first = group[0];
      const lastSeq = group.at(-1)?.event.hubSeq;
      if (!first || !lastSeq) return;
      const batch: LiveBatch = { events: group.map((s) => s.event) };
      if (sequenceChecks) {
        const prev: Record<string, VisiblePrev> = {};
        const by = first.event.station;
        for (const j of audienceOf(first.route)) {
          const tail = tails.get(j);
          if (!tail) continue;
          prev[j] = [tail.last, tail.by, tail.beforeBy];
          if (tail.by !== by) {
            tail.beforeBy = tail.last;
            tail.by = by;
          }
          tail.last = lastSeq;
        }
        batch.prev = prev;
      }
      const rooms = roomsFor(first.route);
      if (options.faults) emitWithFaults(options.faults, rooms, first.event.station, batch);
      else io.to(rooms).except(`station:${first.event.station}`).emit('events', batch);
      group = [];
    };
    for (const stored of committed) {
      const key = `${stored.event.station}|${roomsFor(stored.route).join('|')}`;
      if (key !== groupKey) {
        flush();
        groupKey = key;
      }
      group.push(stored);
    }
    flush();
  };

  /** A publish that passed validation, waiting for the next group commit. */
  interface PendingPublish {
    events: DomainEvent[];
    indexOf: number[];
    rejected: RejectedEvent[];
    reply: (r: PublishReply) => void;
  }

  const validate = (raw: unknown, principal: StationPrincipal): PendingPublish | PublishReply => {
    const request = PublishRequest.safeParse(raw);
    if (!request.success) return { ok: false, errors: [domainError('INVALID_FIELD', undefined, 'expected an array of 1–200 events')] };
    const pending: PendingPublish = { events: [], indexOf: [], rejected: [], reply: () => undefined };
    request.data.forEach((candidate, index) => {
      const parsed = parseEvent(candidate, nodeSha256);
      if (!parsed.ok) {
        const id = (candidate as { id?: unknown } | null)?.id;
        pending.rejected.push({ index, ...(typeof id === 'string' && id.length <= 64 ? { id } : {}), errors: parsed.errors });
        return;
      }
      const e = parsed.value;
      const notTheirs = checkPublisher(e, principal);
      if (notTheirs) {
        pending.rejected.push({ index, id: e.id, errors: [notTheirs] });
        return;
      }
      pending.events.push(e);
      pending.indexOf.push(index);
    });
    return pending;
  };

  /**
   * One transaction (one fsync) for every publish that arrived in the same turn of the event loop,
   * then the acknowledgements: commit strictly before ack, at a cost shared by all waiting stations.
   */
  const commitGroup = (group: readonly PendingPublish[]) => {
    const all = group.flatMap((p) => p.events);
    // The routing table (routing.ts) decides, event by event inside the transaction, where each goes or why not.
    const outcome = all.length > 0 ? store.append(all, routeBy) : { results: [], committed: [] };
    if (outcome.committed.length > 0) {
      commits += 1;
      if (options.crashAfterCommit !== undefined && commits >= options.crashAfterCommit) process.kill(process.pid, 'SIGKILL');
    }
    try {
      let k = 0;
      for (const p of group) {
        const acks: HubAck[] = [];
        const rejected = [...p.rejected];
        p.events.forEach((e, j) => {
          const r = outcome.results[k++];
          if (r?.ok) acks.push({ id: e.id, hubSeq: r.hubSeq });
          else rejected.push({ index: p.indexOf[j] ?? -1, id: e.id, errors: r?.errors ?? [] });
        });
        if (rejected.length > 0)
          log.warn({ rejected: rejected.length, first: rejected[0]?.errors[0] }, 'events refused');
        const anchor = acks.length > 0 && p.events[0] ? anchors.anchorOf(p.events[0].station) : null;
        p.reply({ ok: true, acks, rejected, ...(anchor ? { anchor } : {}) });
      }
    } finally {
      // What is committed goes out whatever became of the replies: the visible tails follow every commit.
      deliver(outcome.committed);
    }
  };

  let queue: PendingPublish[] = [];
  let scheduled = false;
  const flushQueue = () => {
    scheduled = false;
    const group = queue;
    queue = [];
    if (group.length === 0) return;
    try {
      commitGroup(group);
    } catch (error) {
      log.error({ err: error }, 'commit failed');
      for (const p of group) p.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not store these events')] });
    }
  };
  const enqueue = (pending: PendingPublish) => {
    queue.push(pending);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flushQueue);
    }
  };

  const ingest = (raw: unknown, principal: StationPrincipal): PublishReply => {
    const checked = validate(raw, principal);
    if ('ok' in checked) return checked;
    flushQueue(); // keep arrival order: whatever waits goes first
    let reply: PublishReply = { ok: false, errors: [domainError('INVALID_FIELD', undefined, 'not committed')] };
    commitGroup([{ ...checked, reply: (r) => (reply = r) }]);
    return reply;
  };

  /**
   * Connections waiting for their token's connection count and budget: answered together once per turn
   * of the event loop, in one round trip where the budgets are shared (`connectMany`): when a node dies,
   * its thousand stations arrive at the survivor at once.
   */
  let admitting: Array<{ tokenId: string; done: (over: DomainError | null) => void }> = [];
  const admitWaiting = () => {
    const batch = admitting;
    admitting = [];
    let answers: Array<DomainError | null>;
    try {
      answers = budgets.connectMany
        ? budgets.connectMany(batch.map((b) => b.tokenId))
        : batch.map((b) => budgets.connect(b.tokenId));
    } catch (error) {
      log.warn({ err: error, connections: batch.length }, 'could not count connections');
      answers = batch.map(() => unavailable);
    }
    batch.forEach((b, i) => {
      const answer = answers[i];
      b.done(answer === undefined ? unavailable : answer); // null: admitted
    });
  };
  const admitLater = (tokenId: string, done: (over: DomainError | null) => void) => {
    admitting.push({ tokenId, done });
    if (admitting.length === 1) setImmediate(admitWaiting);
  };

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    verifyToken(key, token, clock())
      .then((principal) => {
        const problem = principal ? tokenProblem(principal) : domainError('NOT_AUTHENTICATED', 'token');
        if (problem || !principal) {
          log.info({ address: socket.handshake.address, reason: problem?.detail }, 'connection refused');
          next(new Error(problem?.detail ?? 'NOT_AUTHENTICATED'));
          return;
        }
        // One budget per token: a connection costs a message and counts against the token's connections.
        admitLater(principal.tokenId, (over) => {
          if (over) {
            log.info({ station: principal.station, reason: over.detail }, 'connection refused');
            next(new Error(over === unavailable ? (over.detail ?? 'unavailable') : `RATE_LIMITED: ${over.detail ?? ''}`));
            return;
          }
          socket.data.principal = principal;
          socket.data.live = false;
          socket.once('disconnect', () => budgets.disconnect(principal.tokenId));
          next();
        });
      })
      .catch(() => next(new Error('NOT_AUTHENTICATED')));
  });

  const refuse = (socket: HubSocket, problem: DomainError) => {
    log.info({ station: socket.data.principal.station, reason: problem.detail }, 'connection closed');
    socket.emit('refused', [problem]);
    socket.disconnect(true);
  };

  io.on('connection', (socket: HubSocket) => {
    const principal = socket.data.principal;
    void socket.join(`station:${principal.station}`);
    /** Charge a message to the token's budget: false (answered RATE_LIMITED, or cut off) when over it. */
    const charge = (reply: (r: unknown) => void, cost = 1): boolean => {
      let c: ReturnType<typeof budgets.take>;
      try {
        c = budgets.take(principal.tokenId, cost);
      } catch (error) {
        log.warn({ err: error, station: principal.station }, 'could not charge a message');
        reply({ ok: false, errors: [unavailable] });
        return false;
      }
      if (c === 'ok') return true;
      reply({ ok: false, errors: [domainError('RATE_LIMITED')] });
      if (c === 'cut') {
        const cut = domainError('RATE_LIMITED', 'token', 'disconnected: this token went on sending far over its message rate');
        for (const s of io.of('/').sockets.values()) if (s.data.principal.tokenId === principal.tokenId) refuse(s, cut);
      }
      return false;
    };
    log.info({ station: principal.station, jurisdiction: principal.jurisdiction }, 'station connected');

    /** Every message: still allowed, within the rate (`cost` tokens), and answerable. */
    const guard = (args: unknown[], cost = 1): { reply: (r: unknown) => void; body: unknown } | null => {
      const last = args.at(-1);
      const reply = typeof last === 'function' ? (last as (r: unknown) => void) : () => undefined;
      const problem = tokenProblem(principal);
      if (problem === unavailable) {
        reply({ ok: false, errors: [problem] });
        return null;
      }
      if (problem) {
        refuse(socket, problem);
        return null;
      }
      if (!charge(reply, cost)) return null;
      if (args.length !== 2 || typeof last !== 'function') {
        reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'expected one argument and an acknowledgement')] });
        return null;
      }
      return { reply, body: args[0] };
    };

    socket.onAny((name: unknown, ...args: unknown[]) => {
      if (name === 'publish' || name === 'pull' || name === 'digest' || name === 'pullRange' || name === 'anchor') return;
      // Unknown messages pass the same token and rate checks before their error reply.
      const problem = tokenProblem(principal);
      if (problem === unavailable) return;
      if (problem) {
        refuse(socket, problem);
        return;
      }
      const last = args.at(-1);
      // Charged whether or not it asks for an answer: a flood of unknown messages costs like any other.
      const reply = typeof last === 'function' ? (last as (r: unknown) => void) : () => undefined;
      if (charge(reply)) reply({ ok: false, errors: [domainError('INVALID_FIELD', 'event', 'unknown message')] });
    });

    socket.on('publish', (...args: unknown[]) => {
      const m = guard(args);
      if (!m) return;
      try {
        const checked = validate(m.body, principal);
        if ('ok' in checked) m.reply(checked);
        else if (checked.events.length === 0) m.reply({ ok: true, acks: [], rejected: checked.rejected });
        else enqueue({ ...checked, reply: m.reply });
      } catch (error) {
        log.error({ err: error, station: principal.station }, 'publish failed');
        m.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not check these events')] });
      }
    });

    socket.on('pull', (...args: unknown[]) => {
      const m = guard(args);
      if (!m) return;
      try {
        const request = PullRequest.safeParse(m.body);
        if (!request.success) {
          m.reply({ ok: false, errors: [domainError('INVALID_FIELD', 'pull', request.error.issues[0]?.message)] } satisfies PullReply);
          return;
        }
        const { since, limit: max } = request.data;
        const faults = options.faults;
        const head = answeredHead();
        const read = recent.readSince(principal, since, max, head) ?? store.readSince(principal, since, max, head);
        // Keep a page well under the frame limit; the station asks again for the rest.
        const events: EventEnvelope[] = [];
        let bytes = 0;
        for (const e of read) {
          bytes += JSON.stringify(e).length;
          if (events.length > 0 && bytes > MAX_PULL_BYTES) break;
          events.push(e);
        }
        const more = read.length === max || events.length < read.length;
        if (!more && !socket.data.live) {
          // Joined only once caught up, in the same tick as the read: nothing falls between pull and push.
          void socket.join(roomsOf(principal.jurisdiction));
          socket.data.live = true;
          follow(principal.jurisdiction, head);
        }
        const sent = faults ? events.filter((e) => !faults.omit(principal.station, e, 'pull')) : events;
        m.reply({
          ok: true,
          events: sent,
          head,
          more,
          live: !more,
          viewer: { station: principal.station, jurisdiction: principal.jurisdiction },
        } satisfies PullReply);
      } catch (error) {
        log.error({ err: error, station: principal.station }, 'pull failed');
        m.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not read events')] });
      }
    });

    // The station's chain head as the hub holds it, signed (decision 0015).
    socket.on('anchor', (...args: unknown[]) => {
      const m = guard(args);
      if (!m) return;
      try {
        m.reply(anchors.reply(principal, m.body));
      } catch (error) {
        log.error({ err: error, station: principal.station }, 'anchor failed');
        m.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not read the chain head')] });
      }
    });

    // Anti-entropy: what this station's jurisdiction may see, summed per range; the jurisdiction is the token's.
    socket.on('digest', (...args: unknown[]) => {
      const body = args.length === 2 ? (args[0] as { ranges?: unknown } | null) : null;
      // A message asking for many ranges costs as much as several small ones.
      const ranges = Array.isArray(body?.ranges) ? body.ranges.length : 1;
      const m = guard(args, Math.max(1, Math.ceil(ranges / 16)));
      if (!m) return;
      try {
        const request = DigestRequest.safeParse(m.body);
        if (!request.success) {
          m.reply({ ok: false, errors: [domainError('INVALID_FIELD', 'digest', request.error.issues[0]?.message)] } satisfies DigestReply);
          return;
        }
        const head = answeredHead();
        m.reply({ ok: true, head, digests: digests.digests(principal.jurisdiction, request.data.ranges, head) } satisfies DigestReply);
      } catch (error) {
        log.error({ err: error, station: principal.station }, 'digest failed');
        m.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not sum events')] });
      }
    });

    // Repair: a range the station found missing; replay only, the live stream is untouched.
    socket.on('pullRange', (...args: unknown[]) => {
      const m = guard(args);
      if (!m) return;
      try {
        const request = PullRangeRequest.safeParse(m.body);
        if (!request.success) {
          m.reply({ ok: false, errors: [domainError('INVALID_FIELD', 'pullRange', request.error.issues[0]?.message)] } satisfies PullRangeReply);
          return;
        }
        const { after, through, limit: max } = request.data;
        const read = store.readRange(principal.jurisdiction, after, through, max);
        const events: EventEnvelope[] = [];
        let bytes = 0;
        for (const e of read) {
          bytes += JSON.stringify(e).length;
          if (events.length > 0 && bytes > MAX_PULL_BYTES) break;
          events.push(e);
        }
        const more = read.length === max || events.length < read.length;
        const faults = options.faults;
        const sent = faults ? events.filter((e) => !faults.omit(principal.station, e, 'pullRange')) : events;
        m.reply({ ok: true, events: sent, more } satisfies PullRangeReply);
      } catch (error) {
        log.error({ err: error, station: principal.station }, 'pullRange failed');
        m.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not read events')] });
      }
    });
  });

  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      const problem = tokenProblem(socket.data.principal);
      if (problem && problem !== unavailable) refuse(socket, problem);
    }
  }, options.tokenCheckIntervalMs ?? 1000);
  timer.unref();
  // Woken by another node's commit (LISTEN/NOTIFY, decision 0021): read the log on, in order.
  let wakeScheduled = false;
  const stopFollowing = shared?.subscribe(() => {
    if (wakeScheduled) return;
    wakeScheduled = true;
    setImmediate(() => {
      wakeScheduled = false;
      try {
        deliverFromLog();
      } catch (error) {
        log.warn({ err: error }, 'could not read the shared log; the next wake tries again');
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  log.info({ host, port }, 'hub listening');

  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    ingest,
    connectedStations: () => [...io.of('/').sockets.values()].map((s) => s.data.principal.station),
    close: async () => {
      clearInterval(timer);
      stopFollowing?.();
      flushQueue();
      await io.close();
    },
  };
}
