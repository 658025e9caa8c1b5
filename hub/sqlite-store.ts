import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { domainError } from '../shared/errors';
import type { DomainEvent, EventEnvelope } from '../shared/events/envelope';
import type { AppendOutcome, HubEventStore, RouteDecision, StoredEvent } from './store';
import { checkHubMigratable, migrateHub } from './migrations';
import { ownerOnlyDir } from './secrets';

/**
 * The hub's log is readable by its owner only (0600, in a 0700 folder): created so before SQLite opens
 * it (SQLite makes -wal and -shm with the same mode), and tightened when an older version left it open.
 */
function ownerOnlyStoreFiles(path: string): void {
  if (process.platform === 'win32' || path === ':memory:') return;
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`])
    if (existsSync(file)) chmodSync(file, 0o600);
}

/**
 * The single-node hub log in SQLite: WAL with synchronous=FULL, so a committed event survives a
 * power cut before the acknowledgement leaves the hub.
 */
export function openSqliteHubStore(path: string, options: { readonly?: boolean } = {}): HubEventStore {
  if (!options.readonly) {
    ownerOnlyDir(dirname(path));
    ownerOnlyStoreFiles(path);
  }
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    // Inside the desktop app (embedded hub) better-sqlite3 is the Electron-ABI build (build/native/README.md).
    ...(process.env.DUTYROOM_SQLITE_NATIVE ? { nativeBinding: process.env.DUTYROOM_SQLITE_NATIVE } : {}),
  });
  try {
    // Before writing anything (even the journal mode): refuse a newer schema or a gap in the ledger.
    checkHubMigratable(db);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      // Numbered migrations with a ledger (hub/migrations/); a hub made before them is adopted.
      migrateHub(db);
      ownerOnlyStoreFiles(path);
    }
  } catch (error) {
    db.close();
    throw error;
  }

  const byId = db.prepare<[string], { hub_seq: number }>('SELECT hub_seq FROM events WHERE id = ?');
  const headOf = db.prepare<[string], { station_seq: number; hash: string }>(
    'SELECT station_seq, hash FROM station_heads WHERE station = ?',
  );
  const insert = db.prepare(
    `INSERT INTO events (id, station, station_seq, jurisdiction, down, extra, ceiling, type, stream, body)
     VALUES (@id, @station, @stationSeq, @jurisdiction, @down, @extra, @ceiling, @type, @stream, @body)`,
  );
  const setHead = db.prepare(
    `INSERT INTO station_heads (station, station_seq, hash) VALUES (?, ?, ?)
     ON CONFLICT (station) DO UPDATE SET station_seq = excluded.station_seq, hash = excluded.hash`,
  );
  // Lookups by stream and type (migration 0040's index): the routing table's owners and report sends.
  const writers = db
    .prepare<[string, string], [string]>(
      'SELECT jurisdiction FROM events WHERE stream = ? AND type = ? GROUP BY jurisdiction ORDER BY min(hub_seq)',
    )
    .raw();
  const ofStreamType = db.prepare<[string, string], { hub_seq: number; body: string }>(
    'SELECT hub_seq, body FROM events WHERE stream = ? AND type = ? ORDER BY hub_seq',
  );
  // Jurisdiction codes are digits only (schema-checked), so LIKE prefixes are safe. shared/sync/routing.ts
  // `visibleTo` in SQL: a drill's records (a ceiling, migration 0050) are seen at or below it only.
  const visible = `((ceiling IS NULL OR @jurisdiction LIKE ceiling || '%') AND (jurisdiction LIKE @jurisdiction || '%' OR (down = 1 AND @jurisdiction LIKE jurisdiction || '%') OR extra = @jurisdiction))`;
  type RangeArgs = { after: number; through: number; jurisdiction: string };
  const since = db.prepare<
    [RangeArgs & { station: string; limit: number }],
    { hub_seq: number; body: string }
  >(
    `SELECT hub_seq, body FROM events WHERE hub_seq > @after AND hub_seq <= @through AND station <> @station AND ${visible}
     ORDER BY hub_seq LIMIT @limit`,
  );
  const range = db.prepare<[RangeArgs & { limit: number }], { hub_seq: number; body: string }>(
    `SELECT hub_seq, body FROM events WHERE hub_seq > @after AND hub_seq <= @through AND ${visible}
     ORDER BY hub_seq LIMIT @limit`,
  );
  const visibleIds = db
    .prepare<[RangeArgs], [number, string]>(
      `SELECT hub_seq, id FROM events WHERE hub_seq > @after AND hub_seq <= @through AND ${visible} ORDER BY hub_seq`,
    )
    .raw();

  const toEnvelope = (row: { hub_seq: number; body: string }): EventEnvelope => ({
    ...(JSON.parse(row.body) as EventEnvelope),
    hubSeq: row.hub_seq,
  });

  const appendTx = db.transaction(
    (events: readonly DomainEvent[], route: (e: DomainEvent) => RouteDecision): AppendOutcome => {
      const out: AppendOutcome = { results: [], committed: [] };
      const brokenStations = new Set<string>();
      for (const e of events) {
        const existing = byId.get(e.id);
        if (existing) {
          out.results.push({ ok: true, hubSeq: existing.hub_seq, duplicate: true });
          continue;
        }
        const head = headOf.get(e.station);
        const expectedSeq = (head?.station_seq ?? 0) + 1;
        const expectedPrev = head?.hash ?? null;
        if (brokenStations.has(e.station) || e.stationSeq !== expectedSeq || e.prevHash !== expectedPrev) {
          // Later events of the same station in this batch cannot be accepted either: order is kept.
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
          // Written nowhere; the station's later events in this call would not continue its chain.
          brokenStations.add(e.station);
          out.results.push({ ok: false, errors: r.refused });
          continue;
        }
        const { hubSeq: _ignored, ...rest } = e;
        const body = JSON.stringify(rest);
        const info = insert.run({
          id: e.id,
          station: e.station,
          stationSeq: e.stationSeq,
          jurisdiction: r.jurisdiction,
          down: r.down ? 1 : 0,
          extra: r.extra,
          ceiling: r.ceiling,
          type: e.type,
          stream: e.stream,
          body,
        });
        const hubSeq = Number(info.lastInsertRowid);
        setHead.run(e.station, e.stationSeq, e.hash);
        out.results.push({ ok: true, hubSeq, duplicate: false });
        out.committed.push({ event: { ...e, hubSeq }, route: r } satisfies StoredEvent);
      }
      return out;
    },
  );

  const claimOf = db.prepare<[string, string], { jurisdiction: string; station: string }>(
    'SELECT jurisdiction, station FROM station_jurisdictions WHERE jurisdiction = ? OR station = ? LIMIT 1',
  );
  const claim = db.prepare(
    'INSERT INTO station_jurisdictions (jurisdiction, station, claimed_at) VALUES (?, ?, ?)',
  );
  const release = db.prepare('DELETE FROM station_jurisdictions WHERE jurisdiction = ?');
  const headQuery = db.prepare<[], { h: number | null }>('SELECT max(hub_seq) AS h FROM events');
  const isRevokedToken = db.prepare<[string], { n: number }>(
    'SELECT 1 AS n FROM revoked_tokens WHERE token_id = ?',
  );
  const stationRevokedAt = db.prepare<[string], { revoked_at: number }>(
    'SELECT revoked_at FROM revoked_stations WHERE station = ?',
  );

  return {
    append: (events, route) => appendTx.immediate(events, route),
    readSince: (viewer, after, limit, through = Number.MAX_SAFE_INTEGER) =>
      since
        .all({
          after,
          through,
          station: viewer.station,
          jurisdiction: viewer.jurisdiction,
          limit,
        })
        .map(toEnvelope),
    readRange: (jurisdiction, after, through, limit) =>
      range.all({ after, through, jurisdiction, limit }).map(toEnvelope),
    forEachVisible: (jurisdiction, after, through, each) => {
      for (const [hubSeq, id] of visibleIds.iterate({ after, through, jurisdiction })) each(hubSeq, id);
    },
    // Asked on every pull and every digest: prepared once.
    head: () => headQuery.get()?.h ?? 0,
    count: () => db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n ?? 0,
    stationHead: (station) => {
      const h = headOf.get(station);
      return h ? { stationSeq: h.station_seq, hash: h.hash } : null;
    },
    writersOf: (stream, type) => writers.all(stream, type).map(([jurisdiction]) => jurisdiction),
    streamEvents: (stream, type) => ofStreamType.all(stream, type).map(toEnvelope),
    eventsOfStation: (station) =>
      db
        .prepare<[string], { hub_seq: number; body: string }>(
          'SELECT hub_seq, body FROM events WHERE station = ? ORDER BY hub_seq',
        )
        .all(station)
        .map(toEnvelope),
    revokeToken: (tokenId, at) =>
      void db
        .prepare('INSERT OR IGNORE INTO revoked_tokens (token_id, revoked_at) VALUES (?, ?)')
        .run(tokenId, at),
    revokeStation: (station, at) =>
      void db
        .prepare(
          `INSERT INTO revoked_stations (station, revoked_at) VALUES (?, ?)
           ON CONFLICT (station) DO UPDATE SET revoked_at = max(revoked_at, excluded.revoked_at)`,
        )
        .run(station, at),
    claimJurisdiction: (jurisdiction, station, at) =>
      db
        .transaction(() => {
          const held = claimOf.get(jurisdiction, station);
          if (held && (held.jurisdiction !== jurisdiction || held.station !== station))
            return { ok: false as const, heldBy: { station: held.station, jurisdiction: held.jurisdiction } };
          if (!held) claim.run(jurisdiction, station, at);
          return { ok: true as const };
        })
        .immediate(),
    releaseJurisdiction: (jurisdiction) => release.run(jurisdiction).changes > 0,
    isRevoked: (t) => {
      if (isRevokedToken.get(t.tokenId)) return true;
      const s = stationRevokedAt.get(t.station);
      return s !== undefined && t.issuedAt <= s.revoked_at;
    },
    close: () => db.close(),
  };
}
