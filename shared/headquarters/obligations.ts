import { z } from 'zod';
import { ObjectId, Ulid } from '../ids';
import { WorkingGroupKind } from '../domain/operations';
import { ObligationState } from '../rules/obligation';
import { Instant, MINUTE, toInstant, toMs } from '../time';
import type { HeadquartersState } from './aggregate';
import { organisationAt, RoleKey, type ContingencyPlan } from './plan';

/**
 * What a headquarters owes, in the same shape as the report-deadline engine's obligations (key, kind,
 * dueAt, state, metAt, rule) so that one scheduler and one countdown list can treat them alike:
 * - `hq_task`: a working group's first task, due a fixed time after the level that set it took effect;
 * - `hq_check_in`: a member's arrival (到岗), due N minutes after they were told (or called up, if no
 *   notice is on record); an overdue one is the alarm to the coordination group (综合协调组).
 */
export const HeadquartersObligation = z.object({
  key: z.string().min(1).max(200),
  headquartersId: Ulid,
  incidentId: Ulid,
  kind: z.enum(['hq_task', 'hq_check_in']),
  dueAt: Instant,
  opensAt: Instant,
  state: ObligationState,
  metAt: Instant.optional(),
  waivedReason: z.string().max(2000).optional(),
  /** Who owes it: the group for a task, the person for a check-in. */
  group: WorkingGroupKind.optional(),
  taskKey: RoleKey.optional(),
  personId: ObjectId.optional(),
  title: z.object({ zh: z.string(), en: z.string() }),
  rule: z.object({ id: z.string().min(1).max(200), source: z.string().min(1).max(500) }),
});
export type HeadquartersObligation = z.infer<typeof HeadquartersObligation>;

const TERMINATED = '应急响应已终止 / response terminated';

function stateOf(
  dueMs: number,
  metAt: string | undefined,
  now: number,
  terminated: boolean,
): Pick<HeadquartersObligation, 'state' | 'metAt' | 'waivedReason'> {
  if (metAt) return { state: toMs(metAt) <= dueMs ? 'met' : 'met_late', metAt };
  if (terminated) return { state: 'waived', waivedReason: TERMINATED };
  return { state: now > dueMs ? 'overdue' : 'pending' };
}

/**
 * Task countdowns and check-in alarms of one headquarters as of `now` (ms). Tasks are those of the
 * level in force; each is due from the first time a level requiring it took effect, so raising the
 * level does not push back a task already running. After termination, what is still open is waived.
 */
export function headquartersObligations(
  hq: HeadquartersState,
  plan: ContingencyPlan,
  now: number,
): HeadquartersObligation[] {
  const current = organisationAt(plan, hq.responseLevel);
  if (!current) return [];
  const terminated = hq.status === 'terminated';
  const base = { headquartersId: hq.id, incidentId: hq.incidentId };
  const ruleId = (suffix: string) => `plan:${plan.id}@${plan.version}.${hq.responseLevel}.${suffix}`;
  const out: HeadquartersObligation[] = [];

  for (const group of current.groups) {
    for (const task of group.tasks) {
      const since = hq.levels.find((l) =>
        organisationAt(plan, l.level)?.groups.some(
          (g) => g.kind === group.kind && g.tasks.some((t) => t.key === task.key),
        ),
      );
      const opensMs = toMs(since?.from ?? hq.activatedAt);
      const dueMs = opensMs + task.dueMinutes * MINUTE;
      const done = hq.tasksDone.find((t) => t.group === group.kind && t.taskKey === task.key);
      out.push({
        key: `task.${group.kind}.${task.key}`,
        ...base,
        kind: 'hq_task',
        dueAt: toInstant(dueMs),
        opensAt: toInstant(opensMs),
        ...stateOf(dueMs, done?.at, now, terminated),
        group: group.kind,
        taskKey: task.key,
        title: task.title,
        rule: {
          id: ruleId(`${group.kind}.${task.key}`),
          source: `${plan.title.zh}：${task.title.zh}（启动后${task.dueMinutes}分钟内）`,
        },
      });
    }
  }

  const limit = current.checkInLimitMinutes;
  for (const m of hq.members) {
    const opensMs = toMs(m.notifiedAt ?? m.addedAt);
    const dueMs = opensMs + limit * MINUTE;
    out.push({
      key: `check_in.${m.personId}`,
      ...base,
      kind: 'hq_check_in',
      dueAt: toInstant(dueMs),
      opensAt: toInstant(opensMs),
      ...stateOf(dueMs, m.checkedInAt, now, terminated),
      ...(m.group ? { group: m.group } : {}),
      personId: m.personId,
      title: { zh: `${m.name} 到岗`, en: `${m.name} checks in` },
      rule: { id: ruleId('checkIn'), source: `${plan.title.zh}：接到通知后${limit}分钟内到岗` },
    });
  }
  // Instants made by `toInstant` share one format, so their text order is their time order.
  return out.sort((a, b) =>
    a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
}

/** Members the coordination group must chase now: told (or called up) more than N minutes ago and not arrived. */
export const checkInAlarms = (obligations: readonly HeadquartersObligation[]): HeadquartersObligation[] =>
  obligations.filter((o) => o.kind === 'hq_check_in' && o.state === 'overdue');
