import type { Call } from './call';
import { gazetteerCalls } from './gazetteer-calls';
import { ledgerCalls } from './ledger-calls';
import { warningsCalls } from './warnings-calls';
import { headquartersCalls } from './headquarters-calls';
import { rosterCalls } from './roster-calls';
import { dutyLogCalls } from './dutylog-calls';
import { incidentsCalls } from './incidents-calls';
import { reportsCalls } from './reports-calls';
import { dispatchCalls } from './dispatch-calls';
import { mapCalls } from './map-calls';
import { authCalls } from './auth-calls';
import { fieldCalls } from './field-calls';
import { drillsCalls } from './drills-calls';
import { annualDrillPlanCalls } from './annual-drill-plan-calls';
import { setupCalls } from './setup-calls';

/*
 * Each feature's station API calls (shared/api/<feature>-calls.ts): the list `stationApi` (contract.ts) is
 * assembled from. It is the API column of the shared registry (shared/features.ts, decision 0032), kept in
 * a file of its own because a calls file may import the event envelope, which imports the event catalog,
 * which is built from shared/features.ts: one module holding both would be an import cycle. Adding a
 * feature's calls is its calls file and one line here.
 */

export interface ApiFeature {
  /** For messages (a call claimed twice) only. */
  readonly name: string;
  readonly calls: Readonly<Record<string, Call>>;
}

export const apiFeatures = [
  /** 行政区划: the station's gazetteer. */
  { name: 'gazetteer', calls: gazetteerCalls },
  { name: 'ledger', calls: ledgerCalls },
  { name: 'warnings', calls: warningsCalls },
  { name: 'headquarters', calls: headquartersCalls },
  { name: 'roster', calls: rosterCalls },
  { name: 'dutylog', calls: dutyLogCalls },
  { name: 'incidents', calls: incidentsCalls },
  { name: 'reports', calls: reportsCalls },
  /** 队伍与调度: the teams ranked for an incident. */
  { name: 'dispatch', calls: dispatchCalls },
  { name: 'map', calls: mapCalls },
  { name: 'auth', calls: authCalls },
  /** 外勤终端: team leaders' phones. */
  { name: 'field', calls: fieldCalls },
  /** 演练: drills, their timeline, evaluation and files. */
  { name: 'drills', calls: drillsCalls },
  /** 年度演练计划. */
  { name: 'annual-drill-plan', calls: annualDrillPlanCalls },
  /** 首次设置: the first-run screen. */
  { name: 'setup', calls: setupCalls },
] as const satisfies readonly ApiFeature[];

/** The intersection of every feature's calls, in registry order. */
type Joined<F extends readonly unknown[]> = F extends readonly [infer Head, ...infer Rest]
  ? (Head extends { readonly calls: infer Of } ? Of : never) & Joined<Rest>
  : unknown;

/** Every feature's calls in one object type, as spreading each would infer it. */
export type FeatureCalls = { readonly [K in keyof Joined<typeof apiFeatures>]: Joined<typeof apiFeatures>[K] };

/**
 * Every feature's calls merged into one object, after `core` (the calls that are no one feature's). A call
 * name claimed twice — by two features, or by a feature and the core — throws when the module loads (a
 * spread would let the later one win unseen).
 */
export function withFeatureCalls<Core extends Readonly<Record<string, Call>>>(
  core: Core,
  features: readonly ApiFeature[] = apiFeatures,
): { readonly [K in keyof (Core & FeatureCalls)]: (Core & FeatureCalls)[K] } {
  const merged: Record<string, Call> = { ...core };
  const claimedBy = new Map<string, string>(Object.keys(core).map((name) => [name, 'the core']));
  for (const feature of features) {
    for (const [name, call] of Object.entries(feature.calls)) {
      const earlier = claimedBy.get(name);
      if (earlier !== undefined) throw new Error(`station API: "${name}" is claimed by ${earlier} and ${feature.name}`);
      claimedBy.set(name, feature.name);
      merged[name] = call;
    }
  }
  return merged as { readonly [K in keyof (Core & FeatureCalls)]: (Core & FeatureCalls)[K] };
}
