import { expect, it } from 'vitest';
import type { Roster } from '../../shared/roster/schemas';
import { leaderOnDuty } from './leader';

const roster: Roster = {
  id: 'roster-2026-11',
  jurisdiction: '500101',
  month: '2026-11',
  coversFrom: '2026-11-01T00:00:00.000Z',
  coversUntil: '2026-12-01T00:00:00.000Z',
  keyPeriods: [],
  shifts: [
    {
      id: 'day-25',
      jurisdiction: '500101',
      startsAt: '2026-11-25T00:00:00.000Z',
      endsAt: '2026-11-25T12:00:00.000Z',
      positions: [{ role: 'leader', personId: 'wang' }],
    },
    {
      id: 'night-25',
      jurisdiction: '500101',
      startsAt: '2026-11-25T12:00:00.000Z',
      endsAt: '2026-11-26T00:00:00.000Z',
      positions: [{ role: 'officer', personId: 'li' }],
    },
  ],
};
const names: Record<string, string> = { wang: '王带班' };

it('the overdue rung goes to the leader of the running shift, and to the configured leader where the roster seats none', () => {
  const lookup = leaderOnDuty({
    roster: () => roster,
    nameOf: (id) => names[id],
    configured: { personId: 'station-leader', name: '站长' },
  });
  expect(lookup(Date.parse('2026-11-25T11:59:59.000Z'))).toEqual({
    personId: 'wang',
    name: '王带班',
    from: 'roster',
  });
  // The night shift has no leader seated; nor does any shift on the 27th.
  expect(lookup(Date.parse('2026-11-25T12:00:00.000Z'))).toEqual({
    personId: 'station-leader',
    name: '站长',
    from: 'configured',
  });
  expect(lookup(Date.parse('2026-11-27T03:00:00.000Z'))?.from).toBe('configured');
  expect(leaderOnDuty({ roster: () => undefined })(Date.parse('2026-11-25T03:00:00.000Z'))).toBeUndefined();
});
