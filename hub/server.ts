import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import pino, { type Logger } from 'pino';
import { domainError, type DomainError } from '../shared/errors';
import { parseEvent, type DomainEvent } from '../shared/events/envelope';
import type { HashFn } from '../shared/events/hash';
import {
  MAX_FRAME_BYTES,
  PublishRequest,
  PullRequest,
  type ClientToServerEvents,
  type PublishReply,
  type PullReply,
  type RejectedEvent,
  type ServerToClientEvents,
  type StationPrincipal,
} from '../shared/sync/protocol';
import { flowsDownward, roomsFor, roomsOf, type Route } from '../shared/sync/routing';
import { verifyToken } from './auth';
import { tokenBucket } from './rate-limit';
import type { HubEventStore, StoredEvent } from './store';

export const nodeSha256: HashFn = (text) => createHash('sha256').update(text).digest('hex');

export interface HubOptions {
  store: HubEventStore;
  key: Uint8Array;
  host?: string;
  port?: number;
  clock?: () => number;
  /** How often connected tokens are re-checked for expiry and revocation. */
  tokenCheckIntervalMs?: number;
  rateLimit?: { messagesPerSecond: number; burst: number };
  maxFrameBytes?: number;
  logger?: Logger;
  /**
   * Test hook for crash tests: kill the process with SIGKILL right after the Nth commit, before its
   * acknowledgement is sent. Never set in production.
   */
  crashAfterCommit?: number;
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

const routeOf = (e: DomainEvent): Route => ({
  jurisdiction: e.jurisdiction,
  down: flowsDownward(e.type),
  extra: e.type === 'report.sent' ? e.payload.addressedTo : null,
});

export async function startHub(options: HubOptions): Promise<Hub> {
  const { store, key } = options;
  const clock = options.clock ?? Date.now;
  const log = options.logger ?? pino({ level: 'silent' });
  const limit = options.rateLimit ?? { messagesPerSecond: 200, burst: 400 };
  let commits = 0;

  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, {
    maxHttpBufferSize: options.maxFrameBytes ?? MAX_FRAME_BYTES,
    serveClient: false,
    pingInterval: 5_000,
    pingTimeout: 5_000,
  });

  const tokenProblem = (p: StationPrincipal): DomainError | null => {
    if (p.expiresAt <= clock()) return domainError('NOT_AUTHENTICATED', 'token', 'token expired');
    if (store.isRevoked(p)) return domainError('NOT_AUTHENTICATED', 'token', 'token revoked');
    return null;
  };

  const fanOut = (committed: readonly StoredEvent[], fromStation: string) => {
    // Consecutive events with the same audience go out as one batch; emits are in hub order.
    let group: StoredEvent[] = [];
    let groupRooms: string[] = [];
    const flush = () => {
      if (group.length === 0) return;
      io.to(groupRooms)
        .except(`station:${fromStation}`)
        .emit('events', { events: group.map((s) => s.event) });
      group = [];
    };
    for (const stored of committed) {
      const rooms = roomsFor(stored.route);
      if (rooms.join('|') !== groupRooms.join('|')) {
        flush();
        groupRooms = rooms;
      }
      group.push(stored);
    }
    flush();
  };

  const ingest = (raw: unknown, principal: StationPrincipal): PublishReply => {
    const request = PublishRequest.safeParse(raw);
    if (!request.success) return { ok: false, errors: [domainError('INVALID_FIELD', undefined, 'expected an array of 1–200 events')] };
    const rejected: RejectedEvent[] = [];
    const valid: DomainEvent[] = [];
    const indexOf: number[] = [];
    request.data.forEach((candidate, index) => {
      const parsed = parseEvent(candidate, nodeSha256);
      if (!parsed.ok) {
        const id = (candidate as { id?: unknown } | null)?.id;
        rejected.push({ index, ...(typeof id === 'string' && id.length <= 64 ? { id } : {}), errors: parsed.errors });
        return;
      }
      const e = parsed.value;
      if (e.station !== principal.station || e.jurisdiction !== principal.jurisdiction) {
        rejected.push({ index, id: e.id, errors: [domainError('NOT_AUTHORISED', 'station', 'a station publishes only its own events')] });
        return;
      }
      valid.push(e);
      indexOf.push(index);
    });
    if (valid.length === 0) return { ok: true, acks: [], rejected };
    const outcome = store.append(valid, routeOf);
    if (outcome.committed.length > 0) {
      commits += 1;
      if (options.crashAfterCommit !== undefined && commits >= options.crashAfterCommit) process.kill(process.pid, 'SIGKILL');
    }
    for (const r of outcome.rejected) rejected.push({ index: indexOf[valid.findIndex((v) => v.id === r.id)] ?? -1, id: r.id, errors: r.errors });
    fanOut(outcome.committed, principal.station);
    if (rejected.length > 0) log.warn({ station: principal.station, rejected: rejected.length }, 'events refused');
    return { ok: true, acks: outcome.acks, rejected };
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
        socket.data.principal = principal;
        socket.data.live = false;
        next();
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
    const bucket = tokenBucket(limit.messagesPerSecond, limit.burst, Date.now);
    log.info({ station: principal.station, jurisdiction: principal.jurisdiction }, 'station connected');

    /** Every message: still allowed, within the rate, and answerable. */
    const guard = (args: unknown[]): { reply: (r: unknown) => void; body: unknown } | null => {
      const last = args.at(-1);
      const reply = typeof last === 'function' ? (last as (r: unknown) => void) : () => undefined;
      const problem = tokenProblem(principal);
      if (problem) {
        refuse(socket, problem);
        return null;
      }
      if (!bucket.take()) {
        reply({ ok: false, errors: [domainError('RATE_LIMITED')] });
        return null;
      }
      if (args.length !== 2 || typeof last !== 'function') {
        reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'expected one argument and an acknowledgement')] });
        return null;
      }
      return { reply, body: args[0] };
    };

    socket.onAny((name: unknown, ...args: unknown[]) => {
      if (name === 'publish' || name === 'pull') return;
      const last = args.at(-1);
      if (typeof last === 'function') (last as (r: unknown) => void)({ ok: false, errors: [domainError('INVALID_FIELD', 'event', 'unknown message')] });
    });

    socket.on('publish', (...args: unknown[]) => {
      const m = guard(args);
      if (!m) return;
      try {
        m.reply(ingest(m.body, principal));
      } catch (error) {
        log.error({ err: error, station: principal.station }, 'publish failed');
        m.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not store these events')] });
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
        const events = store.readSince(principal, since, max);
        const more = events.length === max;
        if (!more && !socket.data.live) {
          // Joined only once caught up, in the same tick as the read: nothing falls between pull and push.
          void socket.join(roomsOf(principal.jurisdiction));
          socket.data.live = true;
        }
        m.reply({ ok: true, events, head: store.head(), more, live: !more } satisfies PullReply);
      } catch (error) {
        log.error({ err: error, station: principal.station }, 'pull failed');
        m.reply({ ok: false, errors: [domainError('INVALID_FIELD', undefined, 'the hub could not read events')] });
      }
    });
  });

  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) {
      const problem = tokenProblem(socket.data.principal);
      if (problem) refuse(socket, problem);
    }
  }, options.tokenCheckIntervalMs ?? 1000);
  timer.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  log.info({ host, port }, 'hub listening');

  return {
    url: `http://${host}:${port}`,
    port,
    ingest,
    connectedStations: () => [...io.of('/').sockets.values()].map((s) => s.data.principal.station),
    close: async () => {
      clearInterval(timer);
      await io.close();
    },
  };
}
