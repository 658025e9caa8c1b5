import type { Incident } from '../../../shared/domain/incident';

const LEVEL_RANK = { I: 0, II: 1, III: 2, IV: 3 } as const;

/**
 * The order a duty officer reads incidents in at 3 a.m.: the worst first. Level (特别重大 I first), then
 * lives (dead and missing, then injured and trapped), then reports already overdue, then the newest call.
 * `overdue` counts each incident's reports past due.
 */
export function compareByUrgency(overdue: ReadonlyMap<string, number>) {
  return (a: Incident, b: Incident): number => {
    const ca = a.facts.casualties;
    const cb = b.facts.casualties;
    return (
      LEVEL_RANK[a.facts.level] - LEVEL_RANK[b.facts.level] ||
      cb.dead + cb.missing - (ca.dead + ca.missing) ||
      cb.injured + cb.trapped - (ca.injured + ca.trapped) ||
      (overdue.get(b.id) ?? 0) - (overdue.get(a.id) ?? 0) ||
      b.facts.receivedAt.localeCompare(a.facts.receivedAt) ||
      b.id.localeCompare(a.id)
    );
  };
}
