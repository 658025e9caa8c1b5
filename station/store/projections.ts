import type { Statement } from 'better-sqlite3';
import type { Db } from './db';
import type { DomainEvent } from '../../shared/events/envelope';
import { compareOrder, eventFromRow } from './log';
import type { DerivedUpkeep, Folded, ProjectionTable, StationStoreOptions } from './feature';
import { features } from '../features';

/** Every projection table by its aggregate (a stream's prefix): the feature modules' (station/features.ts). */
const tables: ReadonlyMap<string, ProjectionTable> = features.projections;

export const projectionTables = [...tables.values()].map((t) => t.table);

/** A derived table's upkeep in one projector, with the aggregates whose folds it is told of. */
interface Upkeep {
  readonly table: string;
  readonly watches: ReadonlySet<string>;
  readonly upkeep: DerivedUpkeep;
}

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
 * Keeps the persisted projections equal to the fold of each stream in canonical order, and the derived
 * tables (station/store/feature.ts) equal to what those folds touched. Used inside the write
 * transaction: states are cached for the transaction and written once at `flush`, then each derived
 * table recomputes what the transaction's folds touched.
 */
export class Projector {
  private readonly statements = new Map<string, TableStatements>();
  private readonly streamRows;
  private readonly derived: readonly Upkeep[];
  private readonly cache = new Map<string, CachedState>();
  /**
   * States as the last finished write left them (what their rows hold), kept across transactions so a
   * stream written often (a team's positions) is not read and parsed back for every command. Every
   * projection row is written here, so it cannot go stale; a rollback or rebuild forgets it.
   */
  private readonly committed = new Map<string, CachedState>();

  constructor(
    private readonly db: Db,
    options: StationStoreOptions,
    clock: () => number,
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
    const source = {
      options,
      clock,
      // Within a flush a state just written is still cached: a derived table need not ask its table.
      heldState: (stream: string) => this.cache.get(stream),
      mergedEvents: (streams: readonly string[]) =>
        streams
          .flatMap((s) => this.canonicalEventsWithKeys(s))
          .sort((a, b) => compareOrder(a.key, b.key))
          .map((h) => h.event),
    };
    this.derived = features.derived.map((d) => ({
      table: d.table,
      watches: new Set(d.watches),
      upkeep: d.upkeep(db, source),
    }));
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
    for (const d of this.derived)
      if (d.watches.has(aggregate)) d.upkeep.folded({ aggregate, id, previous, next }, event, origin, pos);
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

  /** The hub sequence of some events changed: derived tables forget what they cached in the old order. */
  reordered(): void {
    for (const d of this.derived) d.upkeep.reordered();
  }

  /** Rebuild a stream's state from all its events in canonical order (an event arrived out of order). */
  refold(stream: string): void {
    const { aggregate, id } = splitStream(stream);
    const st = this.statements.get(aggregate);
    if (!st) return;
    const entry = this.entry(stream, st);
    const previous = entry.state;
    let state: unknown = undefined;
    for (const e of this.canonicalEvents(stream)) state = st.def.evolve(state, e);
    entry.state = state;
    entry.dirty = true;
    const fold: Folded = { aggregate, id, previous, next: state };
    for (const d of this.derived) if (d.watches.has(aggregate)) d.upkeep.refolded(fold);
  }

  /** Write every changed state, then let each derived table recompute what the folds touched. */
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
    for (const d of this.derived) d.upkeep.flush();
    if (this.committed.size + this.cache.size > MAX_COMMITTED_STATES) this.committed.clear();
    for (const [stream, entry] of this.cache) this.committed.set(stream, entry);
    this.cache.clear();
  }

  /** Forget cached state (the transaction rolled back). */
  discard(): void {
    this.cache.clear();
    this.committed.clear();
    for (const d of this.derived) d.upkeep.discard();
  }

  /** Rebuild every projection from the log (a new projection table, or a repair). */
  rebuildAll(): void {
    this.committed.clear();
    for (const def of tables.values()) this.db.prepare(`DELETE FROM ${def.table}`).run();
    for (const d of this.derived) {
      this.db.prepare(`DELETE FROM ${d.table}`).run();
      d.upkeep.reordered();
    }
    const streams = this.db.prepare('SELECT DISTINCT stream FROM events').pluck().all() as string[];
    // No order among streams is needed: derived tables are recomputed at flush, after every state is written.
    for (const stream of streams) this.refold(stream);
    this.flush();
  }

  /** Recompute a derived table's rows for one key as of now (time alone can move them). */
  recompute(table: string, key: string): void {
    const d = this.derived.find((x) => x.table === table);
    if (!d) throw new Error(`no derived table ${table}`);
    d.upkeep.recompute(key);
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
}
