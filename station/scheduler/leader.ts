import { whoIsOnDuty } from '../../shared/roster/duty';
import type { Roster } from '../../shared/roster/schemas';

/** 带班领导 an overdue alarm goes to. */
export interface LeaderOnDuty {
  personId: string;
  name?: string;
  /** From the published roster, or the station's configured leader when no roster covers the instant. */
  from: 'roster' | 'configured';
}

export type LeaderLookup = (now: number) => LeaderOnDuty | undefined;

/**
 * The leader on duty at an instant: the roster's leader of the running shift when a roster exists
 * and seats one, otherwise the station's configured leader.
 */
export function leaderOnDuty(options: {
  roster?: () => Roster | undefined;
  /** Person names for roster ids (the roster holds ids only). */
  nameOf?: (personId: string) => string | undefined;
  configured?: { personId: string; name?: string };
}): LeaderLookup {
  return (now) => {
    const roster = options.roster?.();
    const seat = roster ? whoIsOnDuty(roster, now).leader : undefined;
    if (seat) {
      // The alarm event holds at most 100 characters of name.
      const name = options.nameOf?.(seat.personId)?.slice(0, 100);
      return { personId: seat.personId, ...(name !== undefined ? { name } : {}), from: 'roster' };
    }
    const c = options.configured;
    return c
      ? {
          personId: c.personId,
          ...(c.name !== undefined ? { name: c.name.slice(0, 100) } : {}),
          from: 'configured',
        }
      : undefined;
  };
}
