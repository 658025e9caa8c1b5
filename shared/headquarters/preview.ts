import type { SeverityLevel } from '../domain/incident';
import type { Person } from '../domain/common';
import type { z } from 'zod';
import type { WorkingGroupKind } from '../domain/operations';
import { domainError } from '../errors';
import { fail, ok, type Result } from '../result';
import type { MemberEntry } from './events';
import { organisationAt, type ContingencyPlan, type RoleDirectory, type RoleKey } from './plan';

type GroupKind = z.infer<typeof WorkingGroupKind>;

/** One line of the activation preview: who will be notified, why, and the numbers to call them on. */
export interface PreviewLine {
  member: MemberEntry;
  /** The plan roles that put this person on the list (a person may hold several). */
  roles: RoleKey[];
  phones: string[];
}

/** A plan role no one in the directory holds: shown to the leader before confirming. */
export interface UnfilledRole {
  role: RoleKey;
  title: { zh: string; en: string };
  as: MemberEntry['role'];
  group?: GroupKind;
}

export interface ActivationPreview {
  planId: string;
  planVersion: number;
  level: SeverityLevel;
  checkInLimitMinutes: number;
  lines: PreviewLine[];
  unfilled: UnfilledRole[];
}

const rank: Record<MemberEntry['role'], number> = { commander: 0, deputy: 1, group_lead: 2, member: 3 };

/**
 * Who a plan calls up at a level, from the directory of role holders: the list the leader confirms
 * (its `lines[].member` is the `members` of `headquarters.activate`). A person holding several roles
 * appears once, in the most senior place the plan gives them.
 */
export function previewActivation(
  plan: ContingencyPlan,
  level: SeverityLevel,
  directory: RoleDirectory,
): Result<ActivationPreview> {
  const org = organisationAt(plan, level);
  if (!org) return fail(domainError('PLAN_LEVEL_MISSING', 'responseLevel', `${plan.id} ${level}`));
  const holders = (role: RoleKey): Person[] => directory.filter((h) => h.role === role).map((h) => h.person);

  const slots: Array<{ role: RoleKey; as: MemberEntry['role']; group?: GroupKind }> = [
    { role: org.commander, as: 'commander' },
    ...org.deputies.map((role) => ({ role, as: 'deputy' as const })),
    ...org.groups.flatMap((g) => [
      { role: g.lead, as: 'group_lead' as const, group: g.kind },
      ...g.members.map((role) => ({ role, as: 'member' as const, group: g.kind })),
    ]),
  ];

  const lines = new Map<string, PreviewLine>();
  const unfilled: UnfilledRole[] = [];
  for (const slot of slots) {
    // The commander is one person even when two hold the title (e.g. an acting head): the first listed.
    const people = slot.as === 'commander' ? holders(slot.role).slice(0, 1) : holders(slot.role);
    if (people.length === 0) {
      unfilled.push({
        role: slot.role,
        title: plan.roles[slot.role] ?? { zh: slot.role, en: slot.role },
        as: slot.as,
        ...(slot.group ? { group: slot.group } : {}),
      });
      continue;
    }
    for (const person of people) {
      const existing = lines.get(person.id);
      if (existing) {
        if (!existing.roles.includes(slot.role)) existing.roles.push(slot.role);
        continue; // slots come in order of seniority, so the first place is the most senior
      }
      const member: MemberEntry = {
        personId: person.id,
        name: person.name,
        role: slot.as,
        ...(slot.group ? { group: slot.group } : {}),
      };
      lines.set(person.id, { member, roles: [slot.role], phones: [...person.phones] });
    }
  }
  const ordered = [...lines.values()].sort((a, b) => rank[a.member.role] - rank[b.member.role]);
  return ok({
    planId: plan.id,
    planVersion: plan.version,
    level,
    checkInLimitMinutes: org.checkInLimitMinutes,
    lines: ordered,
    unfilled,
  });
}

/**
 * Who a raised level adds (升级): the new level's preview without the people already in the
 * headquarters. A newcomer listed as commander takes command; the former commander deputises.
 */
export function previewLevelChange(
  plan: ContingencyPlan,
  current: { members: ReadonlyArray<{ personId: string }> },
  level: SeverityLevel,
  directory: RoleDirectory,
): Result<ActivationPreview> {
  const preview = previewActivation(plan, level, directory);
  if (!preview.ok) return preview;
  const present = new Set(current.members.map((m) => m.personId));
  return ok({ ...preview.value, lines: preview.value.lines.filter((l) => !present.has(l.member.personId)) });
}
