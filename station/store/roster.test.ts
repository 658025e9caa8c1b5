import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import type { Actor } from '../../shared/domain/common';
import { generateMonth } from '../../shared/roster/generate';
import { checkRoster } from '../../shared/roster/checks';
import { foldRoster, type RosterEvent } from '../../shared/roster/aggregate';
import { whoIsOnDuty } from '../../shared/roster/duty';
import { RosterSettings, StaffMember, type Roster } from '../../shared/roster/schemas';
import { chinaWallTime, toInstant } from '../../shared/time';
import { openStationStore, type StationStore } from './index';

/** Staff and roster projections on a real SQLite file: publish, edit, check in, swap, restart, rebuild. */
let dir: string;
const stores: StationStore[] = [];
let now = chinaWallTime(2026, 12, 3, 9, 0);
const open = () => {
  const s = openStationStore({
    path: join(dir, 'district.db'),
    stationId: 'district-110101',
    jurisdiction: '110101',
    clock: () => now,
    rosterSettings: { minRestHours: 24 },
  });
  stores.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-roster-'));
  now = chinaWallTime(2026, 12, 3, 9, 0);
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const staff = [
  ...['L1', 'L2', 'L3'].map((id) => StaffMember.parse({ id, name: `领导${id}`, dutyRoles: ['leader'] })),
  ...['O1', 'O2', 'O3', 'O4', 'O5', 'O6'].map((id) => StaffMember.parse({ id, name: `值班员${id}` })),
];
const clerk: Actor = { id: 'O1', name: '值班员O1', role: 'officer' };
const boss: Actor = { id: 'L1', name: '领导L1', role: 'leader' };
/** A command and who gives it (the station stamps that actor on the events; a command carries none). */
const cmd = (type: string, payload: Record<string, unknown>, actor: Actor = clerk) =>
  [{ id: newId(), type, payload }, actor] as const;

function december(): Roster {
  const r = generateMonth({
    jurisdiction: '110101',
    year: 2026,
    month: 12,
    pattern: { kind: 'daily24', handoverAt: '08:30' },
    positions: { officers: 2, liaison: false },
    staff,
    settings: RosterSettings.parse({ minRestHours: 24 }),
  });
  if (!r.ok) throw new Error('generation failed');
  return r.value;
}

function seeded(store: StationStore): Roster {
  for (const member of staff) expect(store.execute(...cmd('staff.register', { member })).ok).toBe(true);
  const roster = december();
  const published = store.execute(...cmd('roster.publish', { roster }, boss));
  expect(published.ok, JSON.stringify(published)).toBe(true);
  return roster;
}

describe('roster and staff projections', () => {
  it('keeps the directory and a published month, and answers who is on duty from it', () => {
    const store = open();
    const roster = seeded(store);
    expect(
      store
        .staff()
        .map((p) => p.id)
        .sort(),
    ).toEqual(staff.map((p) => p.id).sort());
    expect(store.rosters().map((r) => r.roster.id)).toEqual([roster.id]);
    const held = store.roster(roster.id);
    expect(held?.roster.shifts).toHaveLength(31);
    expect(held?.roster).toEqual(roster);
    // Coverage query: the month holds 3 December; not a day of November before its first handover.
    expect(store.rostersCovering(toInstant(now), toInstant(now + 1)).map((r) => r.roster.id)).toEqual([
      roster.id,
    ]);
    const early = chinaWallTime(2026, 12, 1, 8, 0);
    expect(store.rostersCovering(toInstant(early), toInstant(early + 1))).toEqual([]);
    const duty = whoIsOnDuty(held!.roster, now);
    expect(duty.leader?.personId).toBe(roster.shifts[2].positions[0].personId);
  });

  it('records hand edits, check-in and an approved swap in the projection, refusing bad ones', () => {
    const store = open();
    const roster = seeded(store);
    const third = roster.shifts[2];
    // Clear the leader of the 3rd: the checks now flag it.
    expect(
      store.execute(
        ...cmd('roster.assign_position', { rosterId: roster.id, shiftId: third.id, positionIndex: 0 }, boss),
      ).ok,
    ).toBe(true);
    const cleared = store.roster(roster.id)!.roster;
    expect(cleared.shifts[2].positions[0].personId).toBeUndefined();
    const codes = checkRoster(cleared, store.staff(), store.rosterSettings, now).map((f) => f.code);
    expect(codes).toContain('SHIFT_WITHOUT_LEADER');
    // An officer cannot take a leader seat; an unknown person is refused.
    const wrong = store.execute(
      ...cmd(
        'roster.assign_position',
        { rosterId: roster.id, shiftId: third.id, positionIndex: 0, personId: 'O2' },
        boss,
      ),
    );
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.errors[0].code).toBe('NOT_QUALIFIED_FOR_POSITION');
    const nobody = store.execute(
      ...cmd(
        'roster.assign_position',
        { rosterId: roster.id, shiftId: third.id, positionIndex: 1, personId: 'X9' },
        boss,
      ),
    );
    expect(!nobody.ok && nobody.errors[0].code).toBe('UNKNOWN_PERSON');

    // The officer of seat 1 checks in during the shift.
    const holder = cleared.shifts[2].positions[1].personId!;
    const checkIn = store.execute(
      ...cmd(
        'roster.check_in',
        { rosterId: roster.id, shiftId: third.id, positionIndex: 1 },
        { id: holder, role: 'officer' },
      ),
    );
    expect(checkIn.ok, JSON.stringify(checkIn)).toBe(true);
    expect(store.roster(roster.id)!.roster.shifts[2].positions[1].checkedInAt).toBe(toInstant(now));

    // A swap of a later seat, requested by its holder and approved by a leader.
    const later = roster.shifts[10];
    const from = later.positions[1].personId!;
    const to = staff.find(
      (p) => p.dutyRoles.includes('officer') && !later.positions.some((s) => s.personId === p.id),
    )!;
    const swapId = newId();
    const asked = store.execute(
      ...cmd(
        'roster.request_swap',
        {
          rosterId: roster.id,
          swapId,
          shiftId: later.id,
          positionIndex: 1,
          toPersonId: to.id,
          reason: '家中有事',
        },
        { id: from, role: 'officer' },
      ),
    );
    expect(asked.ok, JSON.stringify(asked)).toBe(true);
    expect(store.roster(roster.id)!.swaps[swapId].state).toBe('pending');
    const approved = store.execute(...cmd('roster.approve_swap', { rosterId: roster.id, swapId }, boss));
    if (approved.ok) {
      const after = store.roster(roster.id)!;
      expect(after.swaps[swapId].state).toBe('approved');
      expect(after.roster.shifts[10].positions[1].personId).toBe(to.id);
    } else {
      // The only refusal approval may give is a rest or overlap the swap itself would create.
      expect(
        approved.errors.map((e) => e.code).every((c) => c === 'REST_TOO_SHORT' || c === 'DOUBLE_BOOKED'),
      ).toBe(true);
    }
  });

  it('a roster command naming no published month is NOT_FOUND, not UNKNOWN_COMMAND', () => {
    const store = open();
    const r = store.execute(...cmd('roster.check_in', { rosterId: 'nope', shiftId: 'x', positionIndex: 0 }));
    expect(!r.ok && r.errors[0].code).toBe('NOT_FOUND');
  });

  it('survives a restart, and the projection equals the fold of the log', () => {
    let store = open();
    const roster = seeded(store);
    expect(
      store.execute(
        ...cmd(
          'roster.assign_position',
          { rosterId: roster.id, shiftId: roster.shifts[5].id, positionIndex: 2 },
          boss,
        ),
      ).ok,
    ).toBe(true);
    const before = store.roster(roster.id);
    store.close();
    stores.splice(0);
    store = open();
    expect(store.roster(roster.id)).toEqual(before);
    expect(store.staff()).toHaveLength(staff.length);
    // The projection is the fold of the roster's stream as the log holds it.
    const events = store.streamEvents(`roster:${roster.id}`) as RosterEvent[];
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(foldRoster(events)).toEqual(before);
  });
});
