import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import type { DomainEvent } from '../../shared/events/envelope';
import type { Report } from '../../shared/domain/report';
import { compareOrder, eventFromRow } from './log';
import type { Obligation, ObligationEngine } from './obligations';
import { canMoveObligations } from '../../shared/rules/obligations';
import type { ProjectionTable } from './feature';
import { features } from '../features';

/** Whether an incident's stored obligation rows are exactly these (a row's other columns come from its body). */
function sameObligations(
  stored: ReadonlyArray<{ key: string; body: string }>,
  list: readonly Obligation[],
  bodies: readonly string[],
): boolean {
  if (stored.length !== list.length) return false;
  const byKey = new Map(stored.map((r) => [r.key, r.body]));
  return list.every((o, i) => byKey.get(o.key) === bodies[i]);
}

/** Enough for every open incident of a busy station; beyond it the cache starts again. */
const MAX_CACHED_HISTORIES = 5_000;

/** Every projection table by its aggregate (a stream's prefix): the feature modules' (station/features.ts). */
const tables: ReadonlyMap<string, ProjectionTable> = features.projections;

export const projectionTables = [...tables.values()].map((t) => t.table);

const splitStream = (stream: string) => {
  const i = stream.indexOf(':');
  return { aggregate: stream.slice(0, i), id: stream.slice(i + 1) };
};

interface TableStatements {
  /** The row's state and query columns, as an array: [state, ...columns]. */
  load: Statement<[string]>;
  save: Statement;
  /** Only the state: naming a query column in SET rewrites its index entries even when its value is unchanged. */
  saveState: Statement<[string, string]>;
  remove: Statement<[string]>;
  def: ProjectionTable;
}

/** A stream's state within a transaction, and its row's query columns as stored (null: no row). */
interface CachedState {
  state: unknown;
  dirty: boolean;
  storedColumns: ReadonlyArray<unknown> | null;
}

/** Bound on the states kept between transactions (a few thousand teams, incidents and orders). */
const MAX_COMMITTED_STATES = 5_000;

const sameColumns = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Keeps the persisted projections equal to the fold of each stream in canonical order. Used inside
 * the write transaction: states are cached for the transaction and written once at `flush`.
 */
export class Projector {
  private readonly statements = new Map<string, TableStatements>();
  private readonly streamRows;
  private readonly reportIdsOf;
  private readonly deleteObligations;
  private readonly obligationBodies;
  private readonly insertObligation;
  private readonly incidentExists;
  private readonly anythingBefore;
  private readonly cache = new Map<string, CachedState>();
  /**
   * States as the last finished write left them (what their rows hold), kept across transactions so a
   * stream written often (a team's positions) is not read and parsed back for every command. Every
   * projection row is written here, so it cannot go stale; a rollback or rebuild forgets it.
   */
  private readonly committed = new Map<string, CachedState>();
  private readonly touchedIncidents = new Set<string>();
  /** Incidents registered in this transaction with no history before: no obligation rows to compare with yet. */
  private readonly newIncidents = new Set<string>();
  /** Incident histories in canonical order, kept across transactions (see historyOf). */
  private readonly histories = new Map<string, DomainEvent[]>();

  constructor(
    private readonly db: Db,
    private readonly obligations: ObligationEngine,
    private readonly viewpoint: string,
    private readonly clock: () => number,
  ) {
    for (const [aggregate, def] of tables) {
      const cols = Object.keys(def.columns);
      const all = ['id', ...cols, 'state'];
      this.statements.set(aggregate, {
        def,
        load: db
          .prepare<[string]>(`SELECT ${['state', ...cols].join(', ')} FROM ${def.table} WHERE id = ?`)
          .raw(),
        save: db.prepare(
          `INSERT INTO ${def.table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})
           ON CONFLICT (id) DO UPDATE SET ${[...cols, 'state'].map((c) => `${c} = excluded.${c}`).join(', ')}`,
        ),
        saveState: db.prepare<[string, string]>(`UPDATE ${def.table} SET state = ? WHERE id = ?`),
        remove: db.prepare<[string]>(`DELETE FROM ${def.table} WHERE id = ?`),
      });
    }
    this.streamRows = db.prepare(
      `SELECT e.envelope, e.hash, e.station, e.station_seq, h.hub_seq FROM events e
       LEFT JOIN hub_sequence h ON h.event_id = e.id WHERE e.stream = ?`,
    );
    this.reportIdsOf = db.prepare('SELECT id FROM reports WHERE incident_id = ?').pluck();
    this.deleteObligations = db.prepare('DELETE FROM obligations WHERE incident_id = ?');
    this.obligationBodies = db.prepare('SELECT key, body FROM obligations WHERE incident_id = ?');
    this.insertObligation = db.prepare(
      'INSERT INTO obligations (incident_id, key, kind, due_at, state, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.incidentExists = db.prepare('SELECT 1 FROM incidents WHERE id = ?').pluck();
    // One look for both ways an incident can already have a history: an earlier event in its stream, a report naming it.
    this.anythingBefore = db
      .prepare(
        'SELECT EXISTS (SELECT 1 FROM events WHERE stream = ? AND pos < ?) OR EXISTS (SELECT 1 FROM reports WHERE incident_id = ?)',
      )
      .pluck();
  }

  /**
   * Fold one event that sorts last in its stream onto the stream's current state. A `local` event
   * (this station's newest) also sorts last in its incident's whole history, so a cached history
   * can simply grow; a remote one may not, so the history is read again when next needed.
   */
  apply(event: DomainEvent, origin: 'local' | 'remote', pos?: number): void {
    const { aggregate, id } = splitStream(event.stream);
    const st = this.statements.get(aggregate);
    if (!st) return;
    const entry = this.entry(event.stream, st);
    const previous = entry.state;
    const next = st.def.evolve(previous, event);
    entry.state = next;
    entry.dirty = true;
    const incidentId = this.noteIncident(aggregate, event.stream, next, canMoveObligations(event));
    if (incidentId === undefined) return;
    const history = this.histories.get(incidentId);
    if (history && origin === 'local') history.push(event);
    else if (origin === 'local' && pos !== undefined && this.isFirstOfIncident(event, id, previous, pos)) {
      // A new incident's whole history is this one event: no need to read it back from the log.
      if (this.histories.size >= MAX_CACHED_HISTORIES) this.histories.clear();
      this.histories.set(incidentId, [event]);
      this.newIncidents.add(incidentId);
    } else this.histories.delete(incidentId);
  }

  /** The registration of an incident with no earlier event in its stream and no report naming it yet. */
  private isFirstOfIncident(event: DomainEvent, incidentId: string, previous: unknown, pos: number): boolean {
    return (
      event.type === 'incident.registered' &&
      previous === undefined &&
      this.anythingBefore.get(event.stream, pos, incidentId) === 0
    );
  }

  /**
   * A stream's state as this write transaction sees it, what earlier commands of the same transaction
   * did included; loaded once and kept for the fold that follows. Only inside a write transaction (the
   * cache is emptied at its flush).
   */
  stateInTransaction(stream: string): unknown {
    const st = this.statements.get(splitStream(stream).aggregate);
    return st ? this.entry(stream, st).state : undefined;
  }

  /** Forget every cached incident history (the hub sequence of some events changed). */
  forgetHistories(): void {
    this.histories.clear();
  }

  /** Rebuild a stream's state from all its events in canonical order (an event arrived out of order). */
  refold(stream: string): void {
    const { aggregate } = splitStream(stream);
    const st = this.statements.get(aggregate);
    if (!st) return;
    const entry = this.entry(stream, st);
    const previous = entry.state;
    let state: unknown = undefined;
    for (const e of this.canonicalEvents(stream)) state = st.def.evolve(state, e);
    entry.state = state;
    entry.dirty = true;
    const incidentId = this.noteIncident(aggregate, stream, state);
    if (incidentId !== undefined) this.histories.delete(incidentId);
    // A report that moved to another incident leaves the old one's obligations to recompute too.
    if (aggregate === 'report' && previous) {
      this.touchedIncidents.add((previous as Report).incidentId);
      this.histories.delete((previous as Report).incidentId);
    }
  }

  /** Write every changed state, then recompute the obligations of each incident touched. */
  flush(): void {
    for (const [stream, entry] of this.cache) {
      if (!entry.dirty) continue;
      const { aggregate, id } = splitStream(stream);
      const st = this.statements.get(aggregate);
      if (!st) continue;
      if (entry.state === undefined) st.remove.run(id);
      else {
        const values = Object.values(st.def.columns).map((f) =>
          (f as (s: unknown) => string | null)(entry.state),
        );
        if (entry.storedColumns !== null && sameColumns(values, entry.storedColumns))
          st.saveState.run(JSON.stringify(entry.state), id);
        else {
          st.save.run(id, ...values, JSON.stringify(entry.state));
          entry.storedColumns = values;
        }
      }
      entry.dirty = false;
      if (entry.state === undefined) entry.storedColumns = null;
    }
    for (const incidentId of this.touchedIncidents) this.recomputeObligations(incidentId);
    this.touchedIncidents.clear();
    this.newIncidents.clear();
    if (this.committed.size + this.cache.size > MAX_COMMITTED_STATES) this.committed.clear();
    for (const [stream, entry] of this.cache) this.committed.set(stream, entry);
    this.cache.clear();
  }

  /** Forget cached state (the transaction rolled back). */
  discard(): void {
    this.cache.clear();
    this.committed.clear();
    this.touchedIncidents.clear();
    this.newIncidents.clear();
    this.histories.clear();
  }

  /** Rebuild every projection from the log (a new projection table, or a repair). */
  rebuildAll(): void {
    this.committed.clear();
    for (const def of tables.values()) this.db.prepare(`DELETE FROM ${def.table}`).run();
    this.db.prepare('DELETE FROM obligations').run();
    this.histories.clear();
    const streams = this.db.prepare('SELECT DISTINCT stream FROM events').pluck().all() as string[];
    // Reports first is not needed: obligations are recomputed at flush, after every state is written.
    for (const stream of streams) this.refold(stream);
    this.flush();
  }

  /** Recompute an incident's obligations as of now (time alone can open a new daily follow-up). */
  recomputeObligations(incidentId: string): void {
    // Within a flush the incident's state just written is still cached: no need to ask the table.
    const cached = this.cache.get(`incident:${incidentId}`);
    const exists = cached ? cached.state !== undefined : this.incidentExists.get(incidentId) !== undefined;
    const list = exists ? this.obligations(this.historyOf(incidentId), this.clock(), this.viewpoint) : [];
    const bodies = list.map((o) => JSON.stringify(o));
    // Most changes leave an incident's obligations as they were: then its rows are left untouched
    // (no deleted and re-inserted rows for the commit to write). A new incident has none yet.
    const stored = this.newIncidents.has(incidentId)
      ? []
      : (this.obligationBodies.all(incidentId) as Array<{ key: string; body: string }>);
    if (sameObligations(stored, list, bodies)) return;
    if (stored.length > 0) this.deleteObligations.run(incidentId);
    list.forEach((o, i) => {
      this.insertObligation.run(incidentId, o.key, o.kind, o.dueAt, o.state, bodies[i]);
    });
  }

  /**
   * The incident's stream and its reports' streams, merged in canonical order: what the deadline
   * engine folds. Cached between transactions so a long incident is not re-read on every append.
   */
  private historyOf(incidentId: string): DomainEvent[] {
    const cached = this.histories.get(incidentId);
    if (cached) return cached;
    const streams = [
      `incident:${incidentId}`,
      ...(this.reportIdsOf.all(incidentId) as string[]).map((r) => `report:${r}`),
    ];
    const history = streams
      .flatMap((s) => this.canonicalEventsWithKeys(s))
      .sort((a, b) => compareOrder(a.key, b.key))
      .map((h) => h.event);
    if (this.histories.size >= MAX_CACHED_HISTORIES) this.histories.clear();
    this.histories.set(incidentId, history);
    return history;
  }

  canonicalEvents(stream: string): DomainEvent[] {
    return this.canonicalEventsWithKeys(stream).map((x) => x.event);
  }

  private canonicalEventsWithKeys(stream: string) {
    const rows = this.streamRows.all(stream) as Array<{
      envelope: string;
      hash: string;
      station: string;
      station_seq: number;
      hub_seq: number | null;
    }>;
    return rows
      .map((r) => ({
        key: { hubSeq: r.hub_seq, station: r.station, stationSeq: r.station_seq },
        event: eventFromRow(r),
      }))
      .sort((a, b) => compareOrder(a.key, b.key));
  }

  /** The stream's entry for this transaction, read from its row the first time. */
  private entry(stream: string, st: TableStatements): CachedState {
    let entry = this.cache.get(stream);
    if (!entry) {
      const kept = this.committed.get(stream);
      if (kept) {
        entry = { state: kept.state, dirty: false, storedColumns: kept.storedColumns };
        this.cache.set(stream, entry);
        return entry;
      }
      const row = st.load.get(splitStream(stream).id) as [string, ...unknown[]] | undefined;
      entry = row
        ? { state: JSON.parse(row[0]), dirty: false, storedColumns: row.slice(1) }
        : { state: undefined, dirty: false, storedColumns: null };
      this.cache.set(stream, entry);
    }
    return entry;
  }

  /** The incident an event concerns, marked for an obligations recompute unless the event cannot move them. */
  private noteIncident(
    aggregate: string,
    stream: string,
    state: unknown,
    movesObligations = true,
  ): string | undefined {
    let incidentId: string | undefined;
    if (aggregate === 'incident') incidentId = splitStream(stream).id;
    else if (aggregate === 'report' && state) incidentId = (state as Report).incidentId;
    if (incidentId !== undefined && movesObligations) this.touchedIncidents.add(incidentId);
    return incidentId;
  }
}
