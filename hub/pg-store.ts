import pg from 'pg';
import { domainError, type DomainError } from '../shared/errors';
import type { DomainEvent, EventEnvelope } from '../shared/events/envelope';
import type { Route } from '../shared/sync/routing';
import { migratePgHub } from './pg-migrations';
import { openSyncPg } from './pg-sync';
import { newId } from '../shared/ids';
import type { Charge, TokenBudgets, TokenLimits } from './rate-limit';
import type { AppendOutcome, HubEventStore, RouteDecision, StoredEvent } from './store';

export interface PgHubStoreOptions {
  /** A schema of its own (tests: one per test); default the connection's search_path (public). */
  schema?: string;
}

/**
 * How old this node's copy of the revocations may be before a token check loads it again, whether or
 * not a notification came (a listener that was down): the bound on a revocation reaching every node.
 */
export const REVOCATION_MAX_AGE_MS = 1_000;

/** The connection string without its password, for messages. */
export const redactPgUrl = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

const identifier = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(name)) throw new Error(`not a plain PostgreSQL name: ${name}`);
  return name;
};

/**
 * node-postgres's `escapeLiteral`, with the string's own (native) replace instead of a loop that builds
 * the result a character at a time: an append quotes every event's body, and the loop cost more hub CPU
 * per event than the round trip it saved. Same output: quotes doubled, and where there is a backslash,
 * backslashes doubled in an E'' string.
 */
const quoted = (s: string): string => {
  const body = s.replaceAll("'", "''");
  return s.includes('\\') ? ` E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
};

/**
 * A value written into SQL text (the append's two round trips, below), quoted by node-postgres's own
 * `escapeLiteral`; numbers must be finite, anything else is refused rather than guessed at.
 */
const literal = (v: unknown): string => {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number for SQL: ${String(v)}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return quoted(v);
  throw new Error(`no SQL literal for a ${typeof v}`);
};
const arrayLiteral = (values: readonly unknown[], type: string): string =>
  `ARRAY[${values.map(literal).join(',')}]::${type}[]`;

interface EventRow {
  /** bigint: node-postgres hands bigint columns back as text. */
  hub_seq: string;
  body: string;
}
interface RoutedRow extends EventRow {
  jurisdiction: string;
  down: boolean;
  extra: string | null;
  ceiling: string | null;
}

const toEnvelope = (row: EventRow): EventEnvelope => ({
  ...(JSON.parse(row.body) as EventEnvelope),
  hubSeq: Number(row.hub_seq),
});

// Jurisdiction codes are digits only (schema-checked), so LIKE prefixes are safe. shared/sync/routing.ts
// `visibleTo` in SQL: a drill's records (a ceiling, migration 0040) are seen at or below it only.
const visible = (j: string) =>
  `((ceiling IS NULL OR ${j} LIKE ceiling || '%') AND (jurisdiction LIKE ${j} || '%' OR (down AND ${j} LIKE jurisdiction || '%') OR extra = ${j}))`;

/**
 * The hub log on PostgreSQL (decision 0021), for a province's several hub nodes on one database; the
 * same interface and behaviour as the SQLite store (hub/sqlite-store.ts), which stays the embedded
 * default. Hub sequences come from one counter row that the appending transaction locks, so they are
 * committed in their order and a reader never sees one before every lower one has committed.
 */
export function openPgHubStore(url: string, options: PgHubStoreOptions = {}): HubEventStore {
  const schema = options.schema === undefined ? undefined : identifier(options.schema);
  const db = openSyncPg(url, { searchPath: schema });
  const where = `${redactPgUrl(url)}${schema ? ` (schema ${schema})` : ''}`;
  try {
    migratePgHub(db, where);
  } catch (error) {
    db.close();
    throw error;
  }
  const channel = `dutyroom_hub${schema ? `_${schema}` : ''}`;
  /** Told at commit of every revocation, on any node: the nodes' revocation caches load again. */
  const revokedChannel = `dutyroom_revoked${schema ? `_${schema}` : ''}`;

  /**
   * Revocations, held by this node and loaded again when a revocation is committed on any node (a
   * notification on `revokedChannel`, or this node's own), and at the latest `REVOCATION_MAX_AGE_MS`
   * after the last load, whether or not a notification came: a token revoked on one node is refused on
   * every other within that bound (decision 0021). Before the cache, every message and every token
   * check of every socket was a database round trip.
   */
  let revocations: { tokens: Set<string>; stations: Map<string, number>; loadedAt: number } | null = null;
  const currentRevocations = () => {
    if (revocations && Date.now() - revocations.loadedAt < REVOCATION_MAX_AGE_MS) return revocations;
    const loadedAt = Date.now();
    const rows = db.query<{ kind: string; id: string; at: string }>(
      `SELECT 't' AS kind, token_id AS id, revoked_at AS at FROM revoked_tokens
       UNION ALL SELECT 's', station, revoked_at FROM revoked_stations`,
    );
    const loaded = { tokens: new Set<string>(), stations: new Map<string, number>(), loadedAt };
    for (const r of rows) {
      if (r.kind === 't') loaded.tokens.add(r.id);
      else loaded.stations.set(r.id, Number(r.at));
    }
    revocations = loaded;
    return loaded;
  };
  const revoke = (sql: string, params: readonly unknown[]) => {
    db.transaction(() => {
      db.query(sql, params);
      db.query('SELECT pg_notify($1, $2)', [revokedChannel, '']);
    });
    revocations = null;
  };

  /** Events routed in this transaction, written in one statement before the next read and at commit. */
  let unwritten: Array<{ e: DomainEvent; hubSeq: number; route: Route }> = [];
  /** The events table's columns as INSERT_EVENTS writes them, and each one's type. */
  const EVENT_COLUMNS = [
    ['hub_seq', 'bigint'], ['id', 'text'], ['station', 'text'], ['station_seq', 'bigint'], ['jurisdiction', 'text'],
    ['down', 'boolean'], ['extra', 'text'], ['ceiling', 'text'], ['type', 'text'], ['stream', 'text'], ['body', 'text'],
  ] as const;
  /** An INSERT of the event columns from one array expression per column. */
  const insertEventsFrom = (arrays: readonly string[]): string =>
    `INSERT INTO events (${EVENT_COLUMNS.map(([name]) => name).join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`;
  const INSERT_EVENTS = insertEventsFrom(EVENT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`));
  /** The eleven column arrays of INSERT_EVENTS ($1 … $11), for what is unwritten; emptied. */
  const takeUnwritten = (): unknown[] => {
    const rows = unwritten;
    unwritten = [];
    return [
      rows.map((r) => r.hubSeq),
      rows.map((r) => r.e.id),
      rows.map((r) => r.e.station),
      rows.map((r) => r.e.stationSeq),
      rows.map((r) => r.route.jurisdiction),
      rows.map((r) => r.route.down),
      rows.map((r) => r.route.extra),
      rows.map((r) => r.route.ceiling),
      rows.map((r) => r.e.type),
      rows.map((r) => r.e.stream),
      rows.map((r) => {
        const { hubSeq: _ignored, ...rest } = r.e;
        return JSON.stringify(rest);
      }),
    ];
  };
  const writePending = () => {
    if (unwritten.length === 0) return;
    db.query(INSERT_EVENTS, takeUnwritten());
  };
  /** INSERT_EVENTS with its eleven arrays written in, for the one-round-trip write and commit. */
  const insertEventsText = (columns: readonly unknown[]): string =>
    insertEventsFrom(EVENT_COLUMNS.map(([, type], i) => arrayLiteral(columns[i] as unknown[], type)));
  /** Every read: what this transaction routed so far is visible to it (the routing table's lookups). */
  const read = <T>(sql: string, params: readonly unknown[]): T[] => {
    writePending();
    return db.query<T>(sql, params);
  };

  /**
   * One append is two round trips whatever its size (decision 0021), so that the order lock, which every
   * node's appends wait on, is held for one: BEGIN, the order lock, then (a statement of its own, which sees
   * everything committed before the lock was had) the counter, the known ids, the heads of every station in
   * it and the writers of its streams; then one statement writing the events, the heads and the counter and
   * notifying the nodes, followed by COMMIT. Both are sent as text with their values quoted in (`literal`),
   * as parameters cannot travel with several statements. (A routing lookup that was not read with the rest
   * writes what came before it first: one round trip more.)
   */
  /** During an append: the writers of its streams, read under the order lock (null otherwise). */
  let prefetched: {
    streams: Set<string>;
    writers: Map<string, Array<{ jurisdiction: string; first: number }>>;
  } | null = null;

  const append = (
    events: readonly DomainEvent[],
    route: (e: DomainEvent) => RouteDecision,
  ): AppendOutcome => {
    try {
      return appendLocked(events, route);
    } finally {
      prefetched = null;
    }
  };
  const appendLocked = (
    events: readonly DomainEvent[],
    route: (e: DomainEvent) => RouteDecision,
  ): AppendOutcome => {
    unwritten = [];
    const streams = [...new Set(events.map((e) => e.stream))];
    let rows: Array<{ kind: string; key: string | null; seq: string; hash: string | null }>;
    try {
      rows = db.query(
        `BEGIN; SELECT seq FROM hub_sequence WHERE one FOR UPDATE;
         SELECT 's' AS kind, NULL::text AS key, seq, NULL::text AS hash FROM hub_sequence WHERE one
         UNION ALL
         SELECT 'k', id, hub_seq, NULL FROM events WHERE id = ANY(${arrayLiteral(events.map((e) => e.id), 'text')})
         UNION ALL
         SELECT 'h', station, station_seq, hash FROM station_heads
           WHERE station = ANY(${arrayLiteral([...new Set(events.map((e) => e.station))], 'text')})
         UNION ALL
         SELECT 'w', stream, min(hub_seq), type || ' ' || jurisdiction FROM events
           WHERE stream = ANY(${arrayLiteral(streams, 'text')}) GROUP BY stream, type, jurisdiction`,
      );
    } catch (error) {
      rollback(); // BEGIN may have run before what followed it failed
      throw error;
    }
    try {
      // The order lock is held until COMMIT, so the next appender (on any node) numbers after this one.
      let next = 0;
      const known = new Map<string, number>();
      const heads = new Map<string, { seq: number; hash: string | null }>();
      // Who wrote what on the batch's streams, for the routing table's owner lookups (writersOf), read
      // with the rest: under the order lock nobody else appends, so it stays exact for this transaction.
      const writers = new Map<string, Array<{ jurisdiction: string; first: number }>>();
      for (const r of rows) {
        if (r.kind === 's') next = Number(r.seq);
        else if (r.kind === 'k') known.set(r.key ?? '', Number(r.seq));
        else if (r.kind === 'h') heads.set(r.key ?? '', { seq: Number(r.seq), hash: r.hash });
        else {
          const [type, jurisdiction] = (r.hash ?? '').split(' ');
          const key = `${r.key ?? ''} ${type ?? ''}`;
          const list = writers.get(key) ?? [];
          list.push({ jurisdiction: jurisdiction ?? '', first: Number(r.seq) });
          writers.set(key, list);
        }
      }
      for (const list of writers.values()) list.sort((a, b) => a.first - b.first);
      prefetched = { streams: new Set(streams), writers };
      const headOf = (station: string) => heads.get(station) ?? { seq: 0, hash: null };
      const out: AppendOutcome = { results: [], committed: [] };
      const brokenStations = new Set<string>();
      const moved = new Set<string>();
      for (const e of events) {
        const existing = known.get(e.id);
        if (existing !== undefined) {
          out.results.push({ ok: true, hubSeq: existing, duplicate: true });
          continue;
        }
        const head = headOf(e.station);
        const expectedSeq = head.seq + 1;
        if (brokenStations.has(e.station) || e.stationSeq !== expectedSeq || e.prevHash !== head.hash) {
          brokenStations.add(e.station);
          out.results.push({
            ok: false,
            errors: [
              domainError(
                'OUT_OF_ORDER',
                'stationSeq',
                `expected ${e.station}#${expectedSeq}, got #${e.stationSeq}`,
              ),
            ],
          });
          continue;
        }
        const r = route(e);
        if ('refused' in r) {
          brokenStations.add(e.station);
          out.results.push({ ok: false, errors: r.refused });
          continue;
        }
        next += 1;
        unwritten.push({ e, hubSeq: next, route: r });
        const wrote = prefetched.writers.get(`${e.stream} ${e.type}`) ?? [];
        if (!wrote.some((w) => w.jurisdiction === e.jurisdiction)) {
          wrote.push({ jurisdiction: e.jurisdiction, first: next });
          prefetched.writers.set(`${e.stream} ${e.type}`, wrote);
        }
        known.set(e.id, next);
        heads.set(e.station, { seq: e.stationSeq, hash: e.hash });
        moved.add(e.station);
        out.results.push({ ok: true, hubSeq: next, duplicate: false });
        out.committed.push({ event: { ...e, hubSeq: next }, route: r } satisfies StoredEvent);
      }
      if (out.committed.length === 0) {
        db.query('COMMIT'); // nothing written: the lock goes
        return out;
      }
      const stations = [...moved];
      const movedHeads = stations.map((s) => headOf(s));
      // Events (what a routing lookup has not written already), heads, counter and the nodes' wake-up
      // (delivered with the commit, to every node listening: decision 0021), then COMMIT: one round trip.
      const writeEvents = unwritten.length > 0 ? `written AS (${insertEventsText(takeUnwritten())}),` : '';
      db.query(
        `WITH ${writeEvents}
         moved AS (
           INSERT INTO station_heads (station, station_seq, hash)
           SELECT * FROM unnest(${arrayLiteral(stations, 'text')}, ${arrayLiteral(
             movedHeads.map((h) => h.seq),
             'bigint',
           )}, ${arrayLiteral(
             movedHeads.map((h) => h.hash),
             'text',
           )})
           ON CONFLICT (station) DO UPDATE SET station_seq = excluded.station_seq, hash = excluded.hash),
         counted AS (UPDATE hub_sequence SET seq = ${literal(next)} WHERE one)
         SELECT pg_notify(${literal(channel)}, ${literal(String(next))}); COMMIT`,
      );
      return out;
    } catch (error) {
      rollback();
      throw error;
    }
  };
  /** End the append's transaction unwritten; a connection that went away has ended it already. */
  const rollback = () => {
    try {
      db.query('ROLLBACK');
    } catch {
      // The connection went away: the server rolled the transaction back itself.
    }
  };

  const subscribe = (wake: () => void): (() => void) => {
    let stopped = false;
    let client: pg.Client | null = null;
    const listen = async () => {
      while (!stopped) {
        const c = new pg.Client({ connectionString: url });
        try {
          await c.connect();
          c.on('notification', (n) => {
            if (n.channel === revokedChannel) revocations = null;
            else wake();
          });
          const lost = new Promise<void>((resolve) => {
            c.once('error', () => resolve());
            c.once('end', () => resolve());
          });
          await c.query(`LISTEN ${channel}`);
          await c.query(`LISTEN ${revokedChannel}`);
          client = c;
          revocations = null; // a revocation may have been told while this node was not listening
          wake(); // whatever was committed while this node was not listening
          await lost;
        } catch {
          // PostgreSQL is away (restarting): try again shortly; the poll below covers the meantime.
        }
        client = null;
        c.end().catch(() => undefined);
        if (!stopped) await new Promise((r) => setTimeout(r, 500));
      }
    };
    void listen();
    const poll = setInterval(wake, 2_000);
    poll.unref();
    return () => {
      stopped = true;
      clearInterval(poll);
      client?.end().catch(() => undefined);
    };
  };

  /** This process, as one node among those sharing the database: its connections count while it is seen. */
  const node = `node-${newId()}`;
  const tokenBudgets = (limits: TokenLimits): TokenBudgets => {
    const maxConnections = limits.connectionsPerToken ?? 4;
    const disconnectAfter = limits.disconnectAfter ?? 4 * limits.burst;
    const open = new Map<string, number>();
    /**
     * Messages this node has paid for in advance from a token's shared bucket and not spent yet. A
     * message within a lease costs no round trip; a node holds at most one lease per token, so all nodes
     * together exceed a token's budget by at most one lease each (1/20 of its burst) over any window.
     */
    const leased = new Map<string, number>();
    const leaseSize = Math.max(1, Math.floor(limits.burst / 20));
    const seen = () =>
      db.query(
        `INSERT INTO hub_nodes (node, seen_at) VALUES ($1, $2)
         ON CONFLICT (node) DO UPDATE SET seen_at = excluded.seen_at`,
        [node, Date.now()],
      );
    seen();
    const heartbeat = setInterval(() => {
      try {
        seen();
      } catch {
        // PostgreSQL is away for a moment: the next beat says this node is alive.
      }
    }, 5_000);
    heartbeat.unref();
    heartbeats.push(heartbeat);
    /** hub_connect's answer for one connection: counted here when allowed, else why not. */
    const connected = (tokenId: string, answer: string | undefined): DomainError | null => {
      const r = answer ?? 'limited';
      if (r.startsWith('full:'))
        return domainError(
          'RATE_LIMITED',
          'token',
          `this token already has ${r.slice(5)} connection(s) open (at most ${maxConnections})`,
        );
      if (r !== 'ok')
        return domainError('RATE_LIMITED', 'token', 'too many messages with this token; try again shortly');
      open.set(tokenId, (open.get(tokenId) ?? 0) + 1);
      return null;
    };
    const connectMany = (tokenIds: readonly string[]): Array<DomainError | null> => {
      if (tokenIds.length === 0) return [];
      // One statement for every connection that arrived together (a reconnect storm's thousand), taken
      // in token order, so that two nodes' batches take the per-token locks in one order (no deadlock).
      const rows = db.query<{ n: number; r: string }>(
        `SELECT n, hub_connect($1, t, $3, $4, $5, $6, $7) AS r
         FROM (SELECT t, n FROM unnest($2::text[]) WITH ORDINALITY AS u(t, n) ORDER BY t, n) AS arrived`,
        [node, tokenIds, Date.now(), maxConnections, limits.messagesPerSecond, limits.burst, disconnectAfter],
      );
      const answers = new Map(rows.map((row) => [row.n, row.r]));
      return tokenIds.map((tokenId, i) => connected(tokenId, answers.get(i + 1)));
    };
    return {
      connect: (tokenId) => connectMany([tokenId])[0] ?? null,
      connectMany,
      disconnect: (tokenId) => {
        const n = (open.get(tokenId) ?? 0) - 1;
        if (n > 0) open.set(tokenId, n);
        else {
          open.delete(tokenId);
          leased.delete(tokenId); // paid for and not spent: lost to the token, never more than a lease
        }
        try {
          db.query(
            'UPDATE hub_connections SET open = greatest(0, open - 1) WHERE node = $1 AND token_id = $2',
            [node, tokenId],
          );
        } catch {
          // Not counted down: this node's count stays one high until it restarts (a new node id).
        }
      },
      take: (tokenId, cost = 1) => {
        // Spend what this node has already paid for, else pay for a lease of the next few messages in
        // one statement (only when the shared bucket holds them all; nothing counted as overflow if not).
        const held = leased.get(tokenId) ?? 0;
        if (held >= cost) {
          leased.set(tokenId, held - cost);
          return 'ok';
        }
        if (leaseSize > cost) {
          const now = Date.now();
          const refilled = `least($2::float8, tokens + greatest(0, $3::bigint - at) / 1000.0 * $4::float8)`;
          const paid = db.query(
            `UPDATE token_budgets SET tokens = ${refilled} - $5::float8, at = $3::bigint
             WHERE token_id = $1 AND ${refilled} >= $5::float8 RETURNING 1 AS ok`,
            [tokenId, limits.burst, now, limits.messagesPerSecond, leaseSize],
          );
          if (paid.length > 0) {
            leased.set(tokenId, held + leaseSize - cost);
            return 'ok';
          }
        }
        // Near or over the budget: charged message by message, as on one node (overflow, cut).
        const [row] = db.query<{ r: Charge }>('SELECT hub_charge($1, $2, $3, $4, $5, $6) AS r', [
          tokenId,
          cost,
          Date.now(),
          limits.messagesPerSecond,
          limits.burst,
          disconnectAfter,
        ]);
        return row?.r ?? 'limited';
      },
      tracked: () => open.size,
    };
  };
  const heartbeats: NodeJS.Timeout[] = [];

  return {
    append,
    readSince: (viewer, after, limit, through = Number.MAX_SAFE_INTEGER) =>
      read<EventRow>(
        `SELECT hub_seq, body FROM events WHERE hub_seq > $1 AND hub_seq <= $2 AND station <> $3 AND ${visible('$4')}
         ORDER BY hub_seq LIMIT $5`,
        [after, through, viewer.station, viewer.jurisdiction, limit],
      ).map(toEnvelope),
    readRange: (jurisdiction, after, through, limit) =>
      read<EventRow>(
        `SELECT hub_seq, body FROM events WHERE hub_seq > $1 AND hub_seq <= $2 AND ${visible('$3')}
         ORDER BY hub_seq LIMIT $4`,
        [after, through, jurisdiction, limit],
      ).map(toEnvelope),
    forEachVisible: (jurisdiction, after, through, each) => {
      for (const r of read<{ hub_seq: string; id: string }>(
        `SELECT hub_seq, id FROM events WHERE hub_seq > $1 AND hub_seq <= $2 AND ${visible('$3')} ORDER BY hub_seq`,
        [after, through, jurisdiction],
      ))
        each(Number(r.hub_seq), r.id);
    },
    head: () => Number(read<{ seq: string }>('SELECT seq FROM hub_sequence WHERE one', [])[0]?.seq ?? 0),
    count: () => Number(read<{ n: string }>('SELECT count(*)::bigint AS n FROM events', [])[0]?.n ?? 0),
    stationHead: (station) => {
      const [h] = read<{ station_seq: string; hash: string }>(
        'SELECT station_seq, hash FROM station_heads WHERE station = $1',
        [station],
      );
      return h ? { stationSeq: Number(h.station_seq), hash: h.hash } : null;
    },
    writersOf: (stream, type) =>
      prefetched?.streams.has(stream)
        ? (prefetched.writers.get(`${stream} ${type}`) ?? []).map((w) => w.jurisdiction)
        : read<{ jurisdiction: string }>(
            'SELECT jurisdiction FROM events WHERE stream = $1 AND type = $2 GROUP BY jurisdiction ORDER BY min(hub_seq)',
            [stream, type],
          ).map((r) => r.jurisdiction),
    streamEvents: (stream, type) =>
      read<EventRow>('SELECT hub_seq, body FROM events WHERE stream = $1 AND type = $2 ORDER BY hub_seq', [
        stream,
        type,
      ]).map(toEnvelope),
    eventsOfStation: (station) =>
      read<EventRow>('SELECT hub_seq, body FROM events WHERE station = $1 ORDER BY hub_seq', [station]).map(
        toEnvelope,
      ),
    revokeToken: (tokenId, at) =>
      revoke('INSERT INTO revoked_tokens (token_id, revoked_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        tokenId,
        at,
      ]),
    revokeStation: (station, at) =>
      revoke(
        `INSERT INTO revoked_stations (station, revoked_at) VALUES ($1, $2)
         ON CONFLICT (station) DO UPDATE SET revoked_at = greatest(revoked_stations.revoked_at, excluded.revoked_at)`,
        [station, at],
      ),
    claimJurisdiction: (jurisdiction, station, at) =>
      db.transaction(() => {
        const held = () =>
          db.query<{ jurisdiction: string; station: string }>(
            'SELECT jurisdiction, station FROM station_jurisdictions WHERE jurisdiction = $1 OR station = $2 LIMIT 1',
            [jurisdiction, station],
          )[0];
        let h = held();
        if (!h) {
          // Another node may claim at the same moment: the unique keys decide, and the loser is told who won.
          db.query(
            'INSERT INTO station_jurisdictions (jurisdiction, station, claimed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [jurisdiction, station, at],
          );
          h = held();
        }
        if (h && (h.jurisdiction !== jurisdiction || h.station !== station))
          return { ok: false as const, heldBy: { station: h.station, jurisdiction: h.jurisdiction } };
        return { ok: true as const };
      }),
    releaseJurisdiction: (jurisdiction) =>
      db.query<{ jurisdiction: string }>(
        'DELETE FROM station_jurisdictions WHERE jurisdiction = $1 RETURNING jurisdiction',
        [jurisdiction],
      ).length > 0,
    isRevoked: (t) => {
      const r = currentRevocations();
      if (r.tokens.has(t.tokenId)) return true;
      const stationAt = r.stations.get(t.station);
      return stationAt !== undefined && t.issuedAt <= stationAt;
    },
    shared: {
      readCommitted: (after, limit) =>
        read<RoutedRow>(
          'SELECT hub_seq, body, jurisdiction, down, extra, ceiling FROM events WHERE hub_seq > $1 ORDER BY hub_seq LIMIT $2',
          [after, limit],
        ).map((row) => ({
          event: toEnvelope(row),
          route: { jurisdiction: row.jurisdiction, down: row.down, extra: row.extra, ceiling: row.ceiling },
        })),
      subscribe,
      tokenBudgets,
    },
    close: () => {
      for (const h of heartbeats) clearInterval(h);
      db.close();
    },
  };
}
