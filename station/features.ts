import type {
  DecideCommand,
  DerivedRewrite,
  DerivedTable,
  ProjectionTable,
  StationFeature,
  StationStoreOptions,
} from './store/feature';
import { drillsFeature } from './drills/drills.store';
import { incidentsFeature } from './incidents/incidents.store';
import { reportsFeature } from './reports/reports.store';
import { dispatchFeature } from './dispatch/dispatch.store';
import { warningsFeature } from './warnings/warnings.store';
import { rosterFeature } from './roster/roster.store';
import { dutyLogFeature } from './dutylog/dutylog.store';
import { authFeature } from './auth/auth.store';
import { fieldFeature } from './field/terminals.store';
import { headquartersFeature } from './headquarters/headquarters.store';
import { alarmsFeature } from './alarms/alarms.store';

/** The station database, as the store hands it to each feature's repository. */
type Db = Parameters<NonNullable<StationFeature<object>['repository']>>[0];

/*
 * The station's feature registry (STYLE.md §8, issue 20): one line per feature module. The store builds
 * its projection tables, its read repositories and its command decision by iterating this list once
 * when it opens; adding a feature is its folders and one line here. docs/architecture.md has the table.
 */
export const stationFeatures = [
  incidentsFeature,
  reportsFeature,
  dispatchFeature,
  warningsFeature,
  rosterFeature,
  dutyLogFeature,
  authFeature,
  fieldFeature,
  headquartersFeature,
  alarmsFeature,
  drillsFeature,
] as const;

type Feature = (typeof stationFeatures)[number];
type RepositoryOf<F> = F extends { repository?: (...args: never[]) => infer R } ? R : never;
type DerivedRepositoryOf<F> = F extends { derived?: { repository: (...args: never[]) => infer R } } ? R : never;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every feature's read repository and derived tables' queries, as one surface (the store's read side). */
export type FeatureRepositories = Intersect<RepositoryOf<Feature> | DerivedRepositoryOf<Feature>>;

export interface AssembledFeatures {
  /** Projection tables by aggregate (a stream's prefix). */
  readonly projections: ReadonlyMap<string, ProjectionTable>;
  /** Deciders by aggregate (a command type's prefix): one Map lookup per command. */
  readonly deciders: ReadonlyMap<string, DecideCommand<FeatureRepositories>>;
  /** The tables derived from other projections at flush, in registry order (each with the aggregates it watches). */
  readonly derived: readonly DerivedTable<object>[];
  /**
   * Every feature's repository over `db`, its derived tables' queries included, as one object;
   * `rewriteOf(table)` recomputes a derived table's rows inside a write of the store.
   */
  repositories(db: Db, options: StationStoreOptions, rewriteOf: (table: string) => DerivedRewrite): FeatureRepositories;
}

/** A registered feature as the assembly sees it: its deciders must make do with what every repository offers. */
export interface Registered {
  readonly name: string;
  readonly projections?: Readonly<Record<string, ProjectionTable>>;
  readonly repository?: (db: Db, options: StationStoreOptions) => object;
  readonly decide?: Readonly<Record<string, DecideCommand<FeatureRepositories>>>;
  readonly derived?: DerivedTable<object>;
}

/** Joins the features' parts once, refusing an aggregate folded or decided twice and a table written twice. */
export function assembleFeatures(features: readonly Registered[]): AssembledFeatures {
  const projections = new Map<string, ProjectionTable>();
  const deciders = new Map<string, DecideCommand<FeatureRepositories>>();
  const derived: DerivedTable<object>[] = [];
  for (const f of features) {
    if (f.derived) derived.push(f.derived);
    for (const [aggregate, table] of Object.entries(f.projections ?? {})) {
      if (projections.has(aggregate)) throw new Error(`two features fold the aggregate ${aggregate}`);
      projections.set(aggregate, table);
    }
    for (const [aggregate, decide] of Object.entries(f.decide ?? {})) {
      if (deciders.has(aggregate)) throw new Error(`two features decide the aggregate ${aggregate}`);
      deciders.set(aggregate, decide);
    }
  }
  const written = new Set([...projections.values()].map((p) => p.table));
  for (const { table } of derived) {
    if (written.has(table)) throw new Error(`two features write the table ${table}`);
    written.add(table);
  }
  return {
    projections,
    deciders,
    derived,
    repositories(db, options, rewriteOf) {
      const read = {};
      const join = (repo: object) => {
        for (const key of Object.keys(repo))
          if (Object.hasOwn(read, key)) throw new Error(`two features offer the read ${key}`);
        Object.assign(read, repo);
      };
      for (const f of features) {
        if (f.repository) join(f.repository(db, options));
        if (f.derived) join(f.derived.repository(db, options, rewriteOf(f.derived.table)));
      }
      // Each feature's repository is its declared type; together they are the intersection.
      return read as FeatureRepositories;
    },
  };
}

/** The registry as the store uses it, built once. */
export const features: AssembledFeatures = assembleFeatures(stationFeatures);
