import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';
import { checkRoster, fairnessTable, type RosterFinding } from '../../../shared/roster/checks';
import { whoIsOnDuty } from '../../../shared/roster/duty';
import { qualifiesFor } from '../../../shared/roster/generate';
import { RosterSettings, type Roster, type StaffMember } from '../../../shared/roster/schemas';
import { chinaParts } from '../../../shared/time';

/** The station's default rules (minimum rest 12 h, check-in grace 15 min, uncovered warning 48 h). */
export const DEFAULT_SETTINGS = RosterSettings.parse({});

const MINUTE = 60_000;
/** Checks depend on the clock only through "starts within 48 h": a minute's resolution is plenty. */
const selectMinute = (s: RootState) => Math.floor(s.station.now / MINUTE) * MINUTE;
export const selectStaff = (s: RootState) => s.roster.staff;
const selectRosterMap = (s: RootState) => s.roster.rosters;

export const selectRosterList = createSelector([selectRosterMap], (map) =>
  Object.values(map).sort((a, b) => b.roster.month.localeCompare(a.roster.month)),
);

/** The month shown: the one chosen, else the one holding now, else the newest. */
export const selectPublished = createSelector(
  [selectRosterList, (s: RootState) => s.roster.selectedId, selectMinute],
  (list, selectedId, now) =>
    list.find((r) => r.roster.id === selectedId) ??
    list.find((r) => Date.parse(r.roster.coversFrom) <= now && now < Date.parse(r.roster.coversUntil)) ??
    list[0],
);

/** What the grid shows: the draft under review, else the published month. */
export const selectShownRoster = (s: RootState): Roster | undefined =>
  s.roster.draft ?? selectPublished(s)?.roster;

/** The live checks of the roster shown (errors and 48-hour warnings), as of this minute. */
export const selectFindings = createSelector(
  [selectShownRoster, selectStaff, selectMinute],
  (roster, staff, now): RosterFinding[] => (roster ? checkRoster(roster, staff, DEFAULT_SETTINGS, now) : []),
);

/** Findings by shift id (those naming no shift, such as coverage gaps, under ''). */
export const selectFindingsByShift = createSelector([selectFindings], (findings) => {
  const map = new Map<string, RosterFinding[]>();
  for (const f of findings) {
    const key = f.shiftId ?? '';
    map.set(key, [...(map.get(key) ?? []), f]);
  }
  return map;
});

export const selectFairness = createSelector([selectShownRoster, selectStaff], (roster, staff) =>
  roster ? fairnessTable(roster, staff) : [],
);

/** Shifts running now in the published months, for the check-in buttons. */
export const selectRunningShiftIds = createSelector([selectRosterList, selectMinute], (list, now) => {
  const duty = whoIsOnDuty(
    list.map((r) => r.roster),
    now,
  );
  return new Set(duty.shiftIds);
});

export const selectStaffNames = createSelector(
  [selectStaff],
  (staff) => new Map(staff.map((p) => [p.id, p.name])),
);

/** Who may sit in a seat (active and qualified), plus its current holder so the choice shows it. */
export function candidatesFor(
  staff: readonly StaffMember[],
  seat: Roster['shifts'][number]['positions'][number],
): StaffMember[] {
  return staff.filter((p) => qualifiesFor(p, seat) || p.id === seat.personId);
}

const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六'];
const pad = (n: number) => String(n).padStart(2, '0');
/** "12-01 周二 08:30" in China time. */
export function shiftLabel(startsAt: string): { date: string; weekday: string; time: string } {
  const p = chinaParts(Date.parse(startsAt));
  const weekday = WEEKDAY[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()] ?? '';
  return { date: `${pad(p.month)}-${pad(p.day)}`, weekday, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** The month after the one holding `now` (China time), "YYYY-MM": what is usually generated next. */
export function nextMonth(now: number): string {
  const p = chinaParts(now);
  const y = p.month === 12 ? p.year + 1 : p.year;
  const m = p.month === 12 ? 1 : p.month + 1;
  return `${y}-${pad(m)}`;
}
