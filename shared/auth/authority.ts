import { whoIsOnDuty } from '../roster/duty';
import type { Roster, StaffMember } from '../roster/schemas';
import type { SigningBasis } from './schemas';

/**
 * Who may sign (签发) at a station now (issue 17, decision 0012). The roles come from the station, never
 * from a screen:
 * - while a roster of the station's OWN jurisdiction has a shift running, the leader on duty (带班领导)
 *   of that shift, and a leader named by a delegation in force;
 * - while none runs (a station before its first roster), the directory's leaders (duty role 带班领导).
 * Everyone else in the directory is an officer: drafts, submits and sends.
 */
export interface Delegation {
  personId: string;
  from: number;
  until: number;
}

export interface Authority {
  role: 'leader' | 'officer';
  basis: SigningBasis | null;
}

export function authorityOf(
  person: Pick<StaffMember, 'id' | 'dutyRoles' | 'active'>,
  ownRosters: readonly Roster[],
  now: number,
  delegations: readonly Delegation[] = [],
): Authority {
  if (!person.active) return { role: 'officer', basis: null };
  const delegated = delegations.some((d) => d.personId === person.id && d.from <= now && now < d.until);
  const duty = whoIsOnDuty(ownRosters, now);
  if (duty.shiftIds.length > 0) {
    if (duty.leader?.personId === person.id) return { role: 'leader', basis: 'on_duty' };
    if (delegated) return { role: 'leader', basis: 'delegation' };
    return { role: 'officer', basis: null };
  }
  if (delegated) return { role: 'leader', basis: 'delegation' };
  if (person.dutyRoles.includes('leader')) return { role: 'leader', basis: 'directory' };
  return { role: 'officer', basis: null };
}
