import {
  RECENTLY_TERMINATED_MS,
  type ActivationPreviewWire,
  type HeadquartersRecordWire,
  type HeadquartersStateWire,
  type PlanEntry,
  type PreviewLineWire,
} from '../../shared/api/headquarters-calls';
import type { Incident } from '../../shared/domain/incident';
import type { DomainEvent } from '../../shared/events/envelope';
import { domainError } from '../../shared/errors';
import { headquartersRecord, type HeadquartersState } from '../../shared/headquarters/aggregate';
import { headquartersObligations } from '../../shared/headquarters/obligations';
import {
  organisationAt,
  planFor,
  type ContingencyPlan,
  type RoleDirectory,
} from '../../shared/headquarters/plan';
import type { PlanVersions } from '../../shared/headquarters/planVersions';
import { previewActivation, previewLevelChange, type PreviewLine } from '../../shared/headquarters/preview';
import { fail, ok, type Result } from '../../shared/result';
import { SeverityLevel } from '../../shared/domain/incident';
import { levelOf } from '../../shared/domain/jurisdiction';
import { toInstant, toMs } from '../../shared/time';
import { stationApiFeature } from './context';

/** What the headquarters calls need of the station store. */
export interface HeadquartersApiStore {
  incident(id: string): Incident | undefined | null;
  headquarters(): HeadquartersState[];
  headquartersById(id: string): HeadquartersState | undefined;
  headquartersOf(incidentId: string): HeadquartersState[];
  plans(): ContingencyPlan[];
  plan(id: string, version?: number): ContingencyPlan | undefined;
  planHistory(id: string): PlanVersions | undefined;
}

export interface HeadquartersApiOptions {
  store: HeadquartersApiStore;
  /** 领导职务名录: role holders with phones (station/headquarters/directory.ts). */
  directory: RoleDirectory;
  stationOf?: (personId: string) => string | undefined;
  clock: () => number;
}

/** Lower number is more severe. */
const rank: Record<SeverityLevel, number> = { I: 1, II: 2, III: 3, IV: 4 };

export function createHeadquartersApi(options: HeadquartersApiOptions) {
  const { store, directory, clock } = options;
  const phonesById = new Map<string, string[]>();
  for (const h of directory)
    if (!phonesById.has(h.person.id)) phonesById.set(h.person.id, [...h.person.phones]);
  const wireLine = (l: PreviewLine): PreviewLineWire => {
    const station = options.stationOf?.(l.member.personId);
    return { ...l, ...(station ? { station } : {}) };
  };

  const list = (): HeadquartersStateWire[] => {
    const since = clock() - RECENTLY_TERMINATED_MS;
    return store
      .headquarters()
      .filter(
        (h) => h.status === 'active' || (h.terminatedAt !== undefined && toMs(h.terminatedAt) >= since),
      );
  };

  const changedIn = (events: readonly DomainEvent[]): { headquarters?: HeadquartersStateWire[] } => {
    const ids = new Set<string>();
    for (const e of events)
      if (e.stream.startsWith('headquarters:')) ids.add(e.stream.slice('headquarters:'.length));
    if (ids.size === 0) return {};
    return { headquarters: [...ids].flatMap((id) => store.headquartersById(id) ?? []) };
  };

  const preview = (input: {
    incidentId: string;
    level: SeverityLevel;
    planId?: string;
  }): Result<ActivationPreviewWire> => {
    const incident = store.incident(input.incidentId);
    if (!incident) return fail(domainError('NOT_FOUND', 'input.incidentId', input.incidentId));
    const plan = input.planId
      ? store.plan(input.planId)
      : planFor(
          store.plans(),
          incident.facts.category,
          incident.facts.subtype,
          levelOf(incident.jurisdiction),
        );
    if (!plan)
      return fail(
        domainError(
          'NOT_FOUND',
          input.planId ? 'input.planId' : 'input.incidentId',
          input.planId ?? `no plan for ${incident.facts.category}/${incident.facts.subtype}`,
        ),
      );
    const p = previewActivation(plan, input.level, directory);
    if (!p.ok) return p;
    const org = organisationAt(plan, input.level);
    const active = store.headquartersOf(input.incidentId).find((h) => h.status === 'active');
    return ok({
      ...p.value,
      planTitle: plan.title,
      lines: p.value.lines.map(wireLine),
      groups: (org?.groups ?? []).map((g) => ({ kind: g.kind, tasks: g.tasks })),
      ...(active ? { activeHeadquartersId: active.id } : {}),
    });
  };

  const record = ({ headquartersId }: { headquartersId: string }): Result<HeadquartersRecordWire> => {
    const hq = store.headquartersById(headquartersId);
    if (!hq) return fail(domainError('NOT_FOUND', 'input.headquartersId', headquartersId));
    const plan = store.plan(hq.planId, hq.planVersion);
    if (!plan)
      return fail(domainError('NOT_FOUND', 'input.headquartersId', `plan ${hq.planId}@${hq.planVersion}`));
    const now = clock();
    const phones: Record<string, string[]> = {};
    for (const m of hq.members) phones[m.personId] = phonesById.get(m.personId) ?? [];
    const raisePreview: Record<string, PreviewLineWire[]> = {};
    for (const level of SeverityLevel.options) {
      if (rank[level] >= rank[hq.responseLevel] || !plan.levels[level]) continue;
      // The same plan version the level-change command is decided against.
      const p = previewLevelChange(plan, hq, level, directory);
      if (p.ok) raisePreview[level] = p.value.lines.map(wireLine);
    }
    return ok({
      headquarters: hq,
      plan,
      record: headquartersRecord(hq),
      obligations: headquartersObligations(hq, plan, now),
      phones,
      raisePreview,
      asOf: toInstant(now),
    });
  };

  const plans = (): PlanEntry[] =>
    store.plans().map((plan) => ({ plan, saves: store.planHistory(plan.id)?.saves ?? [] }));

  /** Who or what a headquarters alarm is about (the member late to check in, the group task), for its text. */
  const alarmSubject = (a: {
    scope?: string;
    subjectKey?: string;
    subjectKind: string;
  }): { subject?: string; headquartersId?: string } => {
    if (!a.scope || !a.subjectKey || !a.subjectKind.startsWith('hq_')) return {};
    const hq = store.headquartersById(a.scope);
    if (!hq) return {};
    if (a.subjectKey.startsWith('check_in.')) {
      const m = hq.members.find((x) => x.personId === a.subjectKey?.slice('check_in.'.length));
      return m ? { subject: m.name, headquartersId: hq.id } : {};
    }
    const [, group = '', taskKey = ''] = a.subjectKey.split('.');
    const plan = store.plan(hq.planId, hq.planVersion);
    const task = plan?.groups.find((g) => g.kind === group)?.tasks.find((x) => x.key === taskKey);
    return task ? { subject: task.title.zh, headquartersId: hq.id } : {};
  };

  return {
    list,
    changedIn,
    alarmSubject,
    handlers: {
      hqPlans: () => ok(plans()),
      hqPreview: preview,
      hqRecord: record,
    },
  };
}
export type HeadquartersApi = ReturnType<typeof createHeadquartersApi>;

/** 指挥部 at the station API; its deadline alarms name the member or task they are about. */
export const headquartersApi = stationApiFeature({
  name: 'headquarters',
  open: ({ store, options, clock }) => {
    const headquarters = createHeadquartersApi({
      store,
      directory: options.headquarters?.directory ?? [],
      ...(options.headquarters?.stationOf ? { stationOf: options.headquarters.stationOf } : {}),
      clock,
    });
    return {
      handlers: headquarters.handlers,
      snapshot: () => ({ headquarters: headquarters.list() }),
      changedIn: headquarters.changedIn,
      alarmParams: headquarters.alarmSubject,
    };
  },
});
