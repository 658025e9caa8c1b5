import { DAY, chinaParts, toMs } from '../time';
import { chinaDay, type ChinaDayKind } from './calendar';
import { shiftEnd, shiftStart } from './facts';
import type { Roster, StaffMember } from './schemas';

/*
 * The printed wall table (值班表 as offices post it) and its .xlsx twin share this model: one row per
 * duty day, one cell per shift of the day, names not ids. The renderer and the xlsx writer only lay
 * it out.
 */

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const pad = (n: number) => String(n).padStart(2, '0');

export interface WallCell {
  shiftId: string;
  /** "08:30–次日08:30", China time. */
  time: string;
  leader: string;
  officers: string[];
  liaisons: string[];
  keyPeriod?: string;
  /** Seats left empty, so the print shows 空缺 rather than hiding it. */
  vacancies: number;
}

export interface WallRow {
  date: string;
  weekday: string;
  dayKind: ChinaDayKind;
  holidayName?: string;
  cells: WallCell[];
}

export interface WallTable {
  month: string;
  rows: WallRow[];
  /** Phone list printed under the table: leaders first, then officers, in directory order. */
  contacts: Array<{ name: string; phones: string[] }>;
}

/** The month as printed: duty days from the first handover, each with its shifts in time order. */
export function wallTable(roster: Roster, staff: readonly StaffMember[]): WallTable {
  const people = new Map(staff.map((p) => [p.id, p]));
  const name = (id: string | undefined) => (id === undefined ? '空缺' : (people.get(id)?.name ?? id));
  const from = toMs(roster.coversFrom);
  const days = Math.round((toMs(roster.coversUntil) - from) / DAY);
  const rows: WallRow[] = Array.from({ length: days }, (_, i) => {
    const p = chinaParts(from + i * DAY);
    const day = chinaDay(p.year, p.month, p.day);
    return {
      date: day.date,
      weekday: WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()] ?? '',
      dayKind: day.kind,
      ...(day.holidayName !== undefined ? { holidayName: day.holidayName } : {}),
      cells: [],
    };
  });
  const clock = (ms: number) => {
    const p = chinaParts(ms);
    return `${pad(p.hour)}:${pad(p.minute)}`;
  };
  for (const s of [...roster.shifts].sort((a, b) => shiftStart(a) - shiftStart(b))) {
    const row = rows[Math.floor((shiftStart(s) - from) / DAY)];
    if (!row) continue;
    const start = shiftStart(s);
    const end = shiftEnd(s);
    const dayDiff = Math.round((toMs(`${dateOf(end)}T00:00:00Z`) - toMs(`${dateOf(start)}T00:00:00Z`)) / DAY);
    const endLabel =
      dayDiff === 0
        ? clock(end)
        : dayDiff === 1
          ? `次日${clock(end)}`
          : `${dateOf(end).slice(5)} ${clock(end)}`;
    const seat = (role: 'leader' | 'officer' | 'liaison') =>
      s.positions
        .filter((p) => p.role === role)
        .map((p) => (p.department ? `${name(p.personId)}（${p.department}）` : name(p.personId)));
    row.cells.push({
      shiftId: s.id,
      time: `${clock(start)}–${endLabel}`,
      leader: seat('leader').join('、') || '空缺',
      officers: seat('officer'),
      liaisons: seat('liaison'),
      ...(s.keyPeriod !== undefined ? { keyPeriod: s.keyPeriod } : {}),
      vacancies: s.positions.filter((p) => p.personId === undefined).length,
    });
  }
  const rostered = new Set(
    roster.shifts.flatMap((s) => s.positions.flatMap((p) => (p.personId ? [p.personId] : []))),
  );
  const listed = staff.filter((p) => rostered.has(p.id));
  const contacts = [
    ...listed.filter((p) => p.dutyRoles.includes('leader')),
    ...listed.filter((p) => !p.dutyRoles.includes('leader')),
  ].map((p) => ({ name: p.name, phones: p.phones }));
  return { month: roster.month, rows, contacts };
}

/** China calendar date of an instant, "YYYY-MM-DD". */
function dateOf(ms: number): string {
  const p = chinaParts(ms);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}
