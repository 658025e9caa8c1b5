import type { z } from 'zod';
import { incidentCommandPayloads, incidentEventPayloads } from './aggregates/incident-events';
import { reportCommandPayloads, reportEventPayloads, reportSystemCommandPayloads } from './aggregates/report-events';
import { resourcesCommandPayloads, resourcesEventPayloads } from './aggregates/resources-events';
import { warningCommandPayloads, warningEventPayloads } from './warnings/events';
import { rosterCommandPayloads, rosterEventPayloads } from './roster/events';
import { headquartersCommandPayloads, headquartersEventPayloads } from './headquarters/events';
import { alarmCommandPayloads, alarmEventPayloads, alarmSystemCommandPayloads } from './alarms/events';
import { dutyLogCommandPayloads, dutyLogEventPayloads } from './dutylog/events';
import { displayCommandPayloads, WallSettings } from './display/wall';
import { drillCommandPayloads, drillEventPayloads, drillSystemCommandPayloads } from './drills/events';
import { delegationCommandPayloads, delegationEventPayloads } from './auth/delegation';
import { credentialCommandPayloads, credentialEventPayloads } from './auth/credentials';

/*
 * The shared layer's ONE feature registry (STYLE.md §8, decision 0032): each feature's event types, the
 * commands a console may send, and the commands only the station itself issues. The event catalog
 * (shared/events/catalog.ts) and the command catalog (shared/commands/catalog.ts) are built by iterating
 * this list; nothing else in them names a feature. Adding a feature is its folder and one line here.
 * Each member is spelled out (none absent) so the merged types below stay the precise catalogs.
 */

type Payloads = Readonly<Record<string, z.ZodType>>;

export interface SharedFeature {
  /** For messages (a type claimed twice) only. */
  readonly name: string;
  readonly eventPayloads: Payloads;
  readonly commandPayloads: Payloads;
  readonly systemCommandPayloads: Payloads;
}

const none = {} as const;

export const sharedFeatures = [
  // 突发事件 (shared/aggregates/incident-events.ts)
  {
    name: 'incident',
    eventPayloads: incidentEventPayloads,
    commandPayloads: incidentCommandPayloads,
    systemCommandPayloads: none,
  },
  // 信息报告 (shared/aggregates/report-events.ts)
  {
    name: 'report',
    eventPayloads: reportEventPayloads,
    commandPayloads: reportCommandPayloads,
    systemCommandPayloads: reportSystemCommandPayloads,
  },
  // 队伍 / 物资 / 避难场所 / 风险隐患点 / 调度指令 (shared/aggregates/resources-events.ts)
  {
    name: 'resources',
    eventPayloads: resourcesEventPayloads,
    commandPayloads: resourcesCommandPayloads,
    systemCommandPayloads: none,
  },
  // 预警 and 预警叫应 (shared/warnings/events.ts)
  {
    name: 'warnings',
    eventPayloads: warningEventPayloads,
    commandPayloads: warningCommandPayloads,
    systemCommandPayloads: none,
  },
  // 值班表 / 值班人员 (shared/roster/events.ts)
  { name: 'roster', eventPayloads: rosterEventPayloads, commandPayloads: rosterCommandPayloads, systemCommandPayloads: none },
  // 指挥部 (shared/headquarters/events.ts)
  {
    name: 'headquarters',
    eventPayloads: headquartersEventPayloads,
    commandPayloads: headquartersCommandPayloads,
    systemCommandPayloads: none,
  },
  // 告警: raised (by the station) and acknowledged, every kind (shared/alarms/events.ts)
  {
    name: 'alarms',
    eventPayloads: alarmEventPayloads,
    commandPayloads: alarmCommandPayloads,
    systemCommandPayloads: alarmSystemCommandPayloads,
  },
  // 值班日志 (shared/dutylog/events.ts)
  { name: 'dutylog', eventPayloads: dutyLogEventPayloads, commandPayloads: dutyLogCommandPayloads, systemCommandPayloads: none },
  // 大屏: what the wall display shows, chosen at the console (shared/display/wall.ts)
  {
    name: 'display',
    eventPayloads: { 'display.wall_configured': WallSettings },
    commandPayloads: displayCommandPayloads,
    systemCommandPayloads: none,
  },
  // 演练: the organiser's drill runner delivers injects as the station (shared/drills/events.ts)
  {
    name: 'drills',
    eventPayloads: drillEventPayloads,
    commandPayloads: drillCommandPayloads,
    systemCommandPayloads: drillSystemCommandPayloads,
  },
  // 授权签发: only through the station's recordDelegation / revokeDelegation, which stamp `grantedAs`
  // (shared/auth/delegation.ts)
  {
    name: 'delegation',
    eventPayloads: delegationEventPayloads,
    commandPayloads: none,
    systemCommandPayloads: delegationCommandPayloads,
  },
  // 人员口令: only through the station's setCredential / revokeCredential, which check who may; the events
  // say who set, reset or revoked whose sign-in, never the secret (shared/auth/credentials.ts)
  {
    name: 'credentials',
    eventPayloads: credentialEventPayloads,
    commandPayloads: none,
    systemCommandPayloads: credentialCommandPayloads,
  },
] as const satisfies readonly SharedFeature[];

type Part = 'eventPayloads' | 'commandPayloads' | 'systemCommandPayloads';

/** The intersection of one member of every feature, in registry order. */
type Joined<F extends readonly unknown[], P extends Part> = F extends readonly [infer Head, ...infer Rest]
  ? (Head extends Readonly<Record<P, infer Of>> ? Of : never) & Joined<Rest, P>
  : unknown;

/** One object type with every feature's members: the catalog's type, as the spread of each would infer it. */
export type Merged<P extends Part> = { readonly [K in keyof Joined<typeof sharedFeatures, P>]: Joined<typeof sharedFeatures, P>[K] };

/**
 * One member of every feature, merged into one object. A type claimed by two features is a mistake a spread
 * would hide (the later one winning): it throws when the module loads.
 */
export function mergeFeatures<P extends Part>(
  part: P,
  features: readonly SharedFeature[] = sharedFeatures,
): Merged<P> {
  const merged: Record<string, z.ZodType> = {};
  const claimedBy = new Map<string, string>();
  for (const feature of features) {
    for (const [type, schema] of Object.entries(feature[part])) {
      const earlier = claimedBy.get(type);
      if (earlier !== undefined) throw new Error(`${part}: "${type}" is claimed by ${earlier} and ${feature.name}`);
      claimedBy.set(type, feature.name);
      merged[type] = schema;
    }
  }
  return merged as Merged<P>;
}
