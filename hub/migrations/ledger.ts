import type Database from 'better-sqlite3';

/**
 * The migration ledger, shared by the station store and the hub (the station may import hub/, the hub
 * may not import station/, so the one implementation lives here).
 *
 * Each database keeps a `schema_migrations` table, one row per migration applied, written in the same
 * transaction as the migration itself. A migration runs when its version is not in the ledger — not
 * merely when it is above `PRAGMA user_version` — so a migration that landed with a lower number after
 * a higher one (0140 shipped before 0120–0130 once) can no longer be skipped without anyone knowing:
 * if the ledger lacks a known migration numbered below the highest one applied, the database is refused
 * (MigrationGapError) rather than migrated out of order. A ledger naming a version this program does
 * not know is refused too (NewerSchemaError). `user_version` is still kept at the highest version
 * applied, for readers that only look there.
 *
 * The ledger table itself is created by a numbered migration in each list (station 0170, hub 0020);
 * a database from before it has only `user_version` (or, for the hub, its tables), and the migrations
 * it had then are back-filled into the ledger, marked `backfilled = 1`, in the same transaction.
 */

type Db = Database.Database;

export const LEDGER_TABLE = 'schema_migrations';

/** One schema change: a number (steps of 10, gaps to slot fixes into), a name, and the change. */
export interface NumberedMigration<Ctx> {
  version: number;
  name: string;
  up: (db: Db, ctx: Ctx) => void;
}

/** One ledger row. */
export interface LedgerEntry {
  version: number;
  name: string;
  appliedAt: string;
  /** Applied before the ledger existed (under the `user_version` rule), recorded when the ledger was made. */
  backfilled: boolean;
}

/** Everything the runner needs to know about one kind of database. */
export interface MigrationSet<M extends NumberedMigration<never>> {
  /** What the database is, for messages: 'station database', 'hub database'. */
  what: string;
  /** Every migration this program knows, in rising version order. */
  migrations: readonly M[];
  /** The migration that creates the ledger table. */
  ledgerVersion: number;
  /**
   * For a database without a ledger: the highest version the program before ledgers applied (every
   * known migration up to it counts as applied). 0 for a new, empty database.
   */
  versionBeforeLedger: (db: Db) => number;
}

const pad = (version: number): string => String(version).padStart(4, '0');

/** A database written by a newer (or a different) release: it holds migrations this program does not know. */
export class NewerSchemaError extends Error {
  constructor(
    readonly path: string,
    readonly unknownVersions: readonly number[],
    readonly latest: number,
    what = 'database',
  ) {
    const highest = Math.max(...unknownVersions);
    super(
      (highest > latest
        ? `the ${what} ${path} has schema version ${highest}, newer than this program's ${latest}; `
        : `the ${what} ${path} has migration(s) ${unknownVersions.map(pad).join(', ')} that this program does not know ` +
          `(its newest is ${pad(latest)}), so a newer or different release wrote it; `) +
        'install the newer Duty Room release instead of opening it with this one',
    );
    this.name = 'NewerSchemaError';
  }
}

/**
 * The ledger lacks known migrations numbered below the highest one applied: a release without them
 * migrated this file past them. Applying them now would run them out of order over later changes.
 */
export class MigrationGapError extends Error {
  constructor(
    readonly path: string,
    readonly missing: readonly { version: number; name: string }[],
    readonly highestApplied: number,
    what = 'database',
  ) {
    super(
      `the ${what} ${path} is missing migration(s) ${missing.map((m) => `${pad(m.version)} (${m.name})`).join(', ')}, ` +
        `though later ones up to ${pad(highestApplied)} were applied: a Duty Room release without them opened this file. ` +
        'This program will not apply migrations out of order, and has left the file untouched. ' +
        'Restore a backup made before that release opened it and open the backup with this release, which has every ' +
        'migration; or install the Duty Room release that brings these migrations in order for this file.',
    );
    this.name = 'MigrationGapError';
  }
}

export function hasLedger(db: Db): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(LEDGER_TABLE) !==
    undefined
  );
}

/** The ledger's rows in version order; empty when the database has no ledger yet. */
export function readLedger(db: Db): LedgerEntry[] {
  if (!hasLedger(db)) return [];
  return db
    .prepare<[], { version: number; name: string; applied_at: string; backfilled: number }>(
      `SELECT version, name, applied_at, backfilled FROM ${LEDGER_TABLE} ORDER BY version`,
    )
    .all()
    .map((r) => ({
      version: r.version,
      name: r.name,
      appliedAt: r.applied_at,
      backfilled: r.backfilled === 1,
    }));
}

export const userVersion = (db: Db): number => db.pragma('user_version', { simple: true }) as number;

export interface MigrationPlan<M> {
  /** Whether the database already has a ledger (else what it has is read from before ledgers). */
  hasLedger: boolean;
  /** Migrations the database had before the ledger existed, to record as back-filled. */
  backfill: M[];
  /** Migrations not yet applied, in order — all numbered above every applied one. */
  pending: M[];
}

/**
 * Read what the database has and decide what to run, writing nothing. Throws NewerSchemaError for a
 * version this program does not know, MigrationGapError for a known one skipped below applied ones.
 */
export function planMigrations<M extends NumberedMigration<never>>(
  db: Db,
  set: MigrationSet<M>,
  path: string,
): MigrationPlan<M> {
  const latest = Math.max(...set.migrations.map((m) => m.version));
  const known = new Set(set.migrations.map((m) => m.version));
  const found = userVersion(db);
  if (found > latest) throw new NewerSchemaError(path, [found], latest, set.what);

  const ledger = hasLedger(db);
  let applied: number[];
  if (ledger) {
    applied = readLedger(db).map((e) => e.version);
  } else {
    const before = set.versionBeforeLedger(db);
    if (before > latest || (before > 0 && !known.has(before)))
      throw new NewerSchemaError(path, [before], latest, set.what);
    applied = set.migrations.filter((m) => m.version <= before).map((m) => m.version);
  }

  const unknown = applied.filter((v) => !known.has(v));
  if (unknown.length > 0) throw new NewerSchemaError(path, unknown, latest, set.what);

  const has = new Set(applied);
  const highest = Math.max(0, ...applied, ledger ? set.ledgerVersion : 0);
  const missing = set.migrations.filter(
    (m) => !has.has(m.version) && (m.version < highest || (ledger && m.version === set.ledgerVersion)),
  );
  if (missing.length > 0) throw new MigrationGapError(path, missing, highest, set.what);

  return {
    hasLedger: ledger,
    backfill: ledger ? [] : set.migrations.filter((m) => has.has(m.version)),
    pending: set.migrations.filter((m) => !has.has(m.version)),
  };
}

export interface RunOptions<M> {
  /** Stop after this version (tests build databases as an earlier release left them). */
  target?: number;
  /** Runs in the same transaction after the migrations (projection rebuilds). */
  thenWithinTransaction?: (applied: readonly M[]) => void;
  /** The time written as `applied_at` (default: now). */
  now?: () => string;
}

/**
 * Run every pending migration (up to `target`) in ONE transaction with its ledger rows (and the
 * back-filled rows of a database that had no ledger), so a crash leaves the old schema or the new
 * one, never a mix, and never a migration without its row. Returns the migrations applied.
 */
export function runMigrations<Ctx, M extends NumberedMigration<Ctx>>(
  db: Db,
  set: MigrationSet<M>,
  path: string,
  ctx: Ctx,
  options: RunOptions<M> = {},
): M[] {
  const target = options.target ?? Infinity;
  const due = (plan: MigrationPlan<M>) => plan.pending.filter((m) => m.version <= target);
  if (due(planMigrations(db, set, path)).length === 0) return [];
  const now = options.now ?? (() => new Date().toISOString());
  // Planned again under the write lock: another connection may have migrated the file meanwhile.
  return db
    .transaction(() => {
      const plan = planMigrations(db, set, path);
      const pending = due(plan);
      if (pending.length === 0) return [];
      for (const m of pending) m.up(db, ctx);
      // The ledger may have been created just now by one of the pending migrations; before it exists
      // (a target below it) only user_version records the schema, as before ledgers.
      if (hasLedger(db)) {
        const at = now();
        const record = db.prepare(
          `INSERT INTO ${LEDGER_TABLE} (version, name, applied_at, backfilled) VALUES (?, ?, ?, ?)`,
        );
        for (const m of plan.backfill) record.run(m.version, m.name, at, 1);
        for (const m of pending) record.run(m.version, m.name, at, 0);
      }
      db.pragma(`user_version = ${Math.max(...pending.map((m) => m.version))}`);
      options.thenWithinTransaction?.(pending);
      return pending;
    })
    .immediate();
}
