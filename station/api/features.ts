import type { DomainEvent } from '../../shared/events/envelope';
import type { ApiHandlers } from '../../shared/api/serve';
import type { ApiMethod } from '../../shared/api/contract';
import type {
  ChangeParts,
  SnapshotParts,
  StationApiContext,
  StationApiFeature,
  StationInfoParts,
} from './context';
import type { ErrorCode } from '../../shared/errors';
import type { DeadlineAlarm } from './ports';
import { incidentsApi } from './incidents';
import { reportsApi } from './reports';
import { dispatchApi } from './dispatch';
import { ledgerApi } from './ledger';
import { warningsApi } from './warnings';
import { headquartersApi } from './headquarters';
import { rosterApi } from './roster';
import { dutyLogApi } from './dutylog';
import { mapApi } from './map';
import { gazetteerApi } from './gazetteer';
import { setupApi } from './setup';
import { authApi } from './auth';
import { fieldApi } from './field';
import { drillsApi } from './drills';
import { annualDrillPlanApi } from './annualDrillPlan';

/*
 * The station API's feature registry (STYLE.md §8, issue 20, decision 0032): one line per feature's
 * station-API module (station/api/<feature>.ts, declared with stationApiFeature). createStationApi opens
 * each with one context and assembles the handlers, the `changes` push, the snapshot, the station's info and
 * close by iterating this list; it names no feature. Adding a feature's API is its module and one line here
 * (its calls are one line in shared/api/features.ts). The order is the order of pushes' and snapshots' parts.
 */
export const stationApiFeatures = [
  incidentsApi,
  reportsApi,
  dispatchApi,
  ledgerApi,
  warningsApi,
  headquartersApi,
  rosterApi,
  dutyLogApi,
  mapApi,
  gazetteerApi,
  setupApi,
  authApi,
  fieldApi,
  drillsApi,
  annualDrillPlanApi,
] as const;

/** A registered feature as the assembly sees it. */
export type RegisteredApiFeature = StationApiFeature<Partial<ApiHandlers>, SnapshotParts, ChangeParts>;

type MethodsOf<F> =
  F extends StationApiFeature<infer H, SnapshotParts, ChangeParts> ? keyof H & ApiMethod : never;
type SnapshotOf<F> = F extends StationApiFeature<Partial<ApiHandlers>, infer S, ChangeParts> ? S : never;
type ChangesOf<F> = F extends StationApiFeature<Partial<ApiHandlers>, SnapshotParts, infer C> ? C : never;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The features' handlers, the snapshot's and the `changes` push's parts, and the rest, as one. */
export interface OpenedFeatures<F> {
  /** Every feature's handlers in one object (a method claimed twice was refused when opening). */
  readonly handlers: Pick<ApiHandlers, MethodsOf<F>>;
  /** Each feature's part of the `changes` push for these events. */
  changedIn(events: readonly DomainEvent[]): Intersect<ChangesOf<F>>;
  /** Each feature's part of the snapshot. */
  snapshot(): Intersect<SnapshotOf<F>>;
  stationInfo(): StationInfoParts;
  readonly alarmParams: (alarm: DeadlineAlarm) => Record<string, string>;
  /**
   * The code a command sent through `execute` from a screen is refused with, when a feature keeps it for a
   * call of its own (its `screenRefuses`); undefined when none does.
   */
  screenRefusal(type: string): ErrorCode | undefined;
  /** Closes every feature, the last opened first. */
  close(): void;
}

/**
 * Opens each feature over `ctx` and joins what they give. A method claimed by two features, or by a
 * feature and the core (`reserved`), throws: a spread would let the later one win unseen. So does a command
 * two features refuse to screens (before any feature opens), and a part of the snapshot or of a `changes`
 * push that two features fill.
 */
export function openApiFeatures<const F extends readonly RegisteredApiFeature[]>(
  features: F,
  ctx: StationApiContext,
  reserved: readonly string[],
): OpenedFeatures<F[number]> {
  const refusals = screenRefusalsOf(features);
  const opened: Array<{ name: string; api: ReturnType<RegisteredApiFeature['open']> }> = [];
  const closeAll = () => {
    for (const { api } of [...opened].reverse()) api.close?.();
  };
  const handlers: Partial<ApiHandlers> = {};
  const claimedBy = new Map<string, string>(reserved.map((method) => [method, 'the core']));
  for (const feature of features) {
    const { name } = feature;
    const api = feature.open(ctx);
    opened.push({ name, api });
    for (const method of Object.keys(api.handlers)) {
      const earlier = claimedBy.get(method);
      if (earlier === undefined) continue;
      closeAll(); // what opened before the refusal stops its timers
      throw new Error(`station API: "${method}" is claimed by ${earlier} and ${name}`);
    }
    for (const method of Object.keys(api.handlers)) claimedBy.set(method, name);
    Object.assign(handlers, api.handlers);
  }
  /** Joins each feature's part, refusing a key two of them fill. */
  const join = (
    part: (api: (typeof opened)[number]['api']) => object | undefined,
    what: string,
  ) => {
    const joined: Record<string, unknown> = {};
    const filledBy = new Map<string, string>();
    for (const { name, api } of opened) {
      const p = part(api);
      if (!p) continue;
      for (const [key, value] of Object.entries(p)) {
        const earlier = filledBy.get(key);
        if (earlier !== undefined)
          throw new Error(`station API: ${what} "${key}" is filled by ${earlier} and ${name}`);
        filledBy.set(key, name);
        joined[key] = value;
      }
    }
    return joined;
  };
  return {
    // Each feature's handlers are its declared methods; together they are the union of them.
    handlers: handlers as Pick<ApiHandlers, MethodsOf<F[number]>>,
    changedIn: (events) =>
      join((api) => api.changedIn?.(events), 'the changes part') as Intersect<ChangesOf<F[number]>>,
    snapshot: () => join((api) => api.snapshot?.(), 'the snapshot part') as Intersect<SnapshotOf<F[number]>>,
    stationInfo: () => join((api) => api.stationInfo?.(), 'the station info part'),
    alarmParams: (alarm) => {
      const params: Record<string, string> = {};
      for (const { api } of opened) Object.assign(params, api.alarmParams?.(alarm));
      return params;
    },
    screenRefusal: (type) => refusals.get(type),
    close: closeAll,
  };
}

/** Every feature's `screenRefuses` in one map, a command named by two features refused naming both. */
function screenRefusalsOf(features: readonly RegisteredApiFeature[]): ReadonlyMap<string, ErrorCode> {
  const refusals = new Map<string, ErrorCode>();
  const claimedBy = new Map<string, string>();
  for (const { name, screenRefuses } of features) {
    for (const [type, code] of Object.entries<ErrorCode | undefined>(screenRefuses ?? {})) {
      if (code === undefined) continue;
      const earlier = claimedBy.get(type);
      if (earlier !== undefined)
        throw new Error(`station API: screens' "${type}" is refused by ${earlier} and ${name}`);
      claimedBy.set(type, name);
      refusals.set(type, code);
    }
  }
  return refusals;
}
