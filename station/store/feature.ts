import type { Command } from '../../shared/commands/catalog';
import type { DecideContext } from '../../shared/aggregates/context';
import type { DomainEvent, EventDraft } from '../../shared/events/envelope';
import type { Result } from '../../shared/result';
import type { RosterSettings } from '../../shared/roster/schemas';
import type { DrillScenario } from '../../shared/drills/scenario';
import type { ExternalUnit } from '../../shared/reports/external';
import type { RuleProfile } from '../../shared/rules/profile';
import type { Db } from './db';
import type { Migration } from './migrations/types';

/*
 * The contract between the event log (station/store/index.ts) and the features (STYLE.md §8, issue 20).
 * A feature module (station/<feature>/<feature>.store.ts) says which aggregates it folds into which
 * projection table, what read repository it offers over those tables, and how each of its aggregates'
 * commands loads the state it is decided against. station/features.ts lists the modules; the store
 * iterates that list once when it opens and never names a feature.
 */

export interface StationStoreOptions {
  path: string;
  stationId: string;
  jurisdiction: string;
  /** The rule profile handed to the deadline engine (default: the national default profile). */
  ruleProfile?: RuleProfile;
  /** Milliseconds since the epoch; injectable so tests and simulators control time. */
  clock?: () => number;
  /**
   * 'before-open' (default): `PRAGMA integrity_check` runs before the store is returned.
   * 'in-background': it runs in a worker thread; reads are served at once and writes are refused
   * (StoreNotReadyError) until it passes — for a large store whose check takes seconds. A store that
   * needs migrating is always checked before opening.
   */
  integrityCheck?: 'before-open' | 'in-background';
  /** Roster rules (minimum rest, check-in grace, uncovered warning) decisions are taken under. */
  rosterSettings?: Partial<RosterSettings>;
  /** The site's own drill scripts (演练脚本), each validated by loadScenario, beside the shipped ones (issue 22). */
  drillScenarios?: readonly DrillScenario[];
  /**
   * The station's directory of upper levels outside Duty Room (issue 19): a report may be sent to one of
   * them. Each must stand for a jurisdiction above the station (`externalUnitsFor`); none by default.
   */
  externalUnits?: readonly ExternalUnit[];
}

/** One projection table: how an aggregate's state is folded, and which columns serve queries. */
export interface ProjectionTable {
  table: string;
  evolve: (state: unknown, event: DomainEvent) => unknown;
  /** Query columns besides id and state, derived from the state. */
  columns: Record<string, (state: never) => string | null>;
}

/**
 * What a derived table's upkeep may ask of the projector (STYLE.md §8): the states and event order it
 * folds from, never its statements.
 */
export interface DerivedSource {
  readonly options: StationStoreOptions;
  /** Milliseconds since the epoch (the store's clock). */
  readonly clock: () => number;
  /**
   * A stream's state as the running write holds it, when the write loaded it (at flush: just written);
   * undefined when it did not, and the table must be asked.
   */
  heldState(stream: string): { state: unknown } | undefined;
  /** The events of these streams merged in the canonical order (hub sequence, then station and its sequence). */
  mergedEvents(streams: readonly string[]): DomainEvent[];
}

/** One fold the projector made of a watched aggregate's stream. */
export interface Folded {
  readonly aggregate: string;
  /** The stream's id (after `<aggregate>:`). */
  readonly id: string;
  readonly previous: unknown;
  readonly next: unknown;
}

/**
 * A derived table's upkeep for one projector: told of every fold of an aggregate it watches, it
 * recomputes at flush (after every state is written) the rows those folds touched.
 */
export interface DerivedUpkeep {
  /**
   * An event folded onto the end of its stream: `local` is this station's newest (at log position `pos`),
   * so it also sorts last beyond its stream; a `remote` one may not.
   */
  folded(fold: Folded, event: DomainEvent, origin: 'local' | 'remote', pos?: number): void;
  /** A stream folded again from all its events (one arrived out of order, or a rebuild). */
  refolded(fold: Folded): void;
  /** Recompute the rows touched since the last flush; the projections are written. */
  flush(): void;
  /** Recompute one key's rows as of now (time alone can move them). */
  recompute(key: string): void;
  /** The write rolled back: forget what was touched and anything cached. */
  discard(): void;
  /** The canonical order of held events changed (a hub sequence arrived): cached histories are stale. */
  reordered(): void;
}

/** Recompute some of a derived table's rows inside a write of the store (refused where writes are). */
export type DerivedRewrite = <T>(work: (recompute: (key: string) => void) => T) => T;

/**
 * A table derived from other projections rather than folded from one stream (an incident's report
 * obligations, from the incident and its reports): recomputed at flush for what the folds of the
 * aggregates it watches touched, emptied and recomputed on a rebuild, read through its own repository.
 */
export interface DerivedTable<Repo extends object> {
  readonly table: string;
  /** The aggregates (a stream's prefix) whose folds it is told of. */
  readonly watches: readonly string[];
  /** Its upkeep over `db` for one projector. */
  readonly upkeep: (db: Db, source: DerivedSource) => DerivedUpkeep;
  /** Its queries; `rewrite` recomputes rows now, inside a write of the store. */
  readonly repository: (db: Db, options: StationStoreOptions, rewrite: DerivedRewrite) => Repo;
}

/** What a feature's decide-context loader may read while its command is decided, inside the write transaction. */
export interface DecideLoad<Read> {
  /**
   * An aggregate's state by its stream (`<aggregate>:<id>`) as the running transaction sees it: what the
   * commands before it in the same executeAll made included.
   */
  state(stream: string): unknown;
  /** A stream's events in the canonical order (for an aggregate with no projection table). */
  events(stream: string): DomainEvent[];
  /** The read repositories, as committed before this transaction. */
  read: Read;
  /** The deciding station (its own streams: delegations, wall display). */
  readonly stationId: string;
}

/** Load what a command is decided against, then ask the pure decider in shared/<feature>/. */
export type DecideCommand<Read> = (
  cmd: Command,
  load: DecideLoad<Read>,
  ctx: DecideContext,
) => Result<EventDraft[]>;

/**
 * One feature's station module. `Repo` is its read repository (its members join the store's surface);
 * `Needs` what its deciders read of other features' repositories (checked by the registry); `Derived`
 * its derived table's repository (its members join the store's surface too).
 */
export interface StationFeature<Repo extends object, Needs extends object = object, Derived extends object = never> {
  readonly name: string;
  /** The projection table of each aggregate it folds, by the aggregate (a stream's prefix). */
  readonly projections?: Readonly<Record<string, ProjectionTable>>;
  /** Its read repository over its tables: prepared once when the store opens (none: nothing to query). */
  readonly repository?: (db: Db, options: StationStoreOptions) => Repo;
  /** Each of its aggregates' commands (a command type's prefix), decided with the state it loads. */
  readonly decide?: Readonly<Record<string, DecideCommand<Repo & Needs>>>;
  /**
   * The schema changes that make its tables (station/<feature>/migrations/NNNN-name.ts): numbered in the one
   * ledger with the core's, which assembles every feature's list and refuses a number claimed twice.
   */
  readonly migrations?: readonly Migration[];
  /** A table it derives from other projections at flush, with its queries (none: it folds only). */
  readonly derived?: DerivedTable<Derived>;
}

/** Declares a feature module with its types inferred (`Needs` given explicitly when it reads another feature). */
export const stationFeature = <Repo extends object, Needs extends object = object, Derived extends object = never>(
  feature: StationFeature<Repo, Needs, Derived>,
): StationFeature<Repo, Needs, Derived> => feature;

/** A payload's text member, if it has one by that name (the id a command names its aggregate by). */
export function payloadText(cmd: Command, key: string): string | undefined {
  const value = (cmd.payload as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
