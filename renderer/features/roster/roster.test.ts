import { describe, expect, it } from 'vitest';
import { rootReducer, type RootState } from '../../app/store';
import { changesReceived } from '../../app/actions';
import { generateMonth } from '../../../shared/roster/generate';
import { RosterSettings, StaffMember, type Roster } from '../../../shared/roster/schemas';
import { chinaWallTime } from '../../../shared/time';
import { generateRoster } from './commands';
import { draftSeatAssigned, rosterSlice, type RosterPaneState } from './slice';
import {
  nextMonth,
  selectFairness,
  selectFindings,
  selectFindingsByShift,
  selectShownRoster,
} from './selectors';

/** The roster pane's state: a generated draft edited by hand, its live checks, then the published month. */
const staff = [
  ...['L1', 'L2', 'L3'].map((id) => StaffMember.parse({ id, name: `领导${id}`, dutyRoles: ['leader'] })),
  ...['O1', 'O2', 'O3', 'O4', 'O5', 'O6'].map((id) => StaffMember.parse({ id, name: `值班员${id}` })),
];

function december(): Roster {
  const r = generateMonth({
    jurisdiction: '110101',
    year: 2026,
    month: 12,
    pattern: { kind: 'daily24', handoverAt: '08:30' },
    positions: { officers: 2, liaison: false },
    staff,
    settings: RosterSettings.parse({}),
  });
  if (!r.ok) throw new Error('generation failed');
  return r.value;
}

const withState = (roster: RootState['roster'], now = chinaWallTime(2026, 11, 20, 9, 0)): RootState => {
  const base = rootReducer(undefined, { type: 'init' });
  return { ...base, station: { ...base.station, now }, roster };
};

describe('roster pane state', () => {
  it('reviews a generated draft, flags a removed leader and a double booking inline, and clears them when fixed', () => {
    let s = rosterSlice.reducer(undefined, { type: 'init' });
    s = { ...s, staff };
    const roster = december();
    s = rosterSlice.reducer(
      s,
      generateRoster.fulfilled({ roster, findings: [], fairness: [] }, 'req', {
        month: '2026-12',
        pattern: { kind: 'daily24', handoverAt: '08:30' },
        positions: { officers: 2, liaison: false },
        holidayDepartments: [],
        keyPeriods: [],
      }),
    );
    expect(selectShownRoster(withState(s))?.id).toBe(roster.id);
    expect(selectFindings(withState(s)).filter((f) => f.severity === 'error')).toEqual([]);

    const fifth = roster.shifts[4];
    const tenth = roster.shifts[9];
    s = rosterSlice.reducer(s, draftSeatAssigned({ shiftId: fifth.id, positionIndex: 0 }));
    const twice = tenth.positions[1].personId!;
    s = rosterSlice.reducer(s, draftSeatAssigned({ shiftId: tenth.id, positionIndex: 2, personId: twice }));
    const byShift = selectFindingsByShift(withState(s));
    expect(byShift.get(fifth.id)?.map((f) => f.code)).toContain('SHIFT_WITHOUT_LEADER');
    expect(byShift.get(tenth.id)?.map((f) => f.code)).toContain('DOUBLE_BOOKED');
    // An officer cannot be put in a leader seat: the edit is refused with a reason, the draft unchanged.
    const refused = rosterSlice.reducer(
      s,
      draftSeatAssigned({ shiftId: fifth.id, positionIndex: 0, personId: 'O1' }),
    );
    expect(refused.error).toBeTruthy();
    expect(refused.draft).toEqual(s.draft);
    // Putting a leader back clears that finding.
    s = rosterSlice.reducer(
      s,
      draftSeatAssigned({
        shiftId: fifth.id,
        positionIndex: 0,
        personId: roster.shifts[7].positions[0].personId!,
      }),
    );
    expect(
      selectFindingsByShift(withState(s))
        .get(fifth.id)
        ?.map((f) => f.code) ?? [],
    ).not.toContain('SHIFT_WITHOUT_LEADER');
    // Fairness counts every seat of every person.
    const rows = selectFairness(withState(s));
    expect(rows.reduce((n, r) => n + r.shifts, 0)).toBe(
      s.draft!.shifts.reduce(
        (n, sh) => n + new Set(sh.positions.flatMap((p) => (p.personId ? [p.personId] : []))).size,
        0,
      ),
    );
  });

  it('warns 48 hours ahead of an uncovered seat, and shows the published month once the station sends it', () => {
    const roster = december();
    const open = {
      ...roster,
      shifts: roster.shifts.map((sh, i) =>
        i === 1 ? { ...sh, positions: sh.positions.map((p, k) => (k === 1 ? { role: p.role } : p)) } : sh,
      ),
    };
    let s: RosterPaneState = { ...rosterSlice.reducer(undefined, { type: 'init' }), staff, draft: open };
    // 1 December 09:00: the 2nd's shift starts within 48 h.
    const codes = selectFindings(withState(s, chinaWallTime(2026, 12, 1, 9, 0))).map((f) => f.code);
    expect(codes).toContain('UNCOVERED_SOON');
    expect(codes).toContain('POSITION_UNCOVERED');
    s = rosterSlice.reducer(s, {
      ...changesReceived({
        kind: 'changes',
        events: [],
        incidents: [],
        reports: [],
        obligations: [],
        teams: [],
        shelters: [],
        dispatchOrders: [],
        depots: [],
        riskPoints: [],
        rosters: [{ roster: open, swaps: {}, handovers: {}, version: 1 }],
      } as never),
    });
    expect(s.draft).toBeNull();
    expect(s.selectedId).toBe(roster.id);
    expect(selectShownRoster(withState(s))?.id).toBe(roster.id);
  });

  it('proposes the month after the current one in China time', () => {
    expect(nextMonth(chinaWallTime(2026, 12, 31, 23, 0))).toBe('2027-01');
    // 2026-11-30 17:00 UTC is already 1 December in China.
    expect(nextMonth(Date.parse('2026-11-30T17:00:00Z'))).toBe('2027-01');
    expect(nextMonth(Date.parse('2026-11-30T15:00:00Z'))).toBe('2026-12');
  });
});
