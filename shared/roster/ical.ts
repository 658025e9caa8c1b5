import type { Person } from '../domain/common';
import type { Shift } from '../domain/operations';
import { toMs } from '../time';

/*
 * One person's shifts as an iCalendar file (RFC 5545), for a phone or desktop calendar. Times are
 * UTC instants ("…Z"), which every client shows in its own zone without a VTIMEZONE block; for a
 * duty room in China that is China time. Written by hand: the format needs a dozen lines, and the
 * two traps (escaping TEXT, folding at 75 octets without splitting a UTF-8 character) are tested.
 */

const roleZh = { leader: '带班领导', officer: '值班员', liaison: '联络员' } as const;

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values. */
export const escapeText = (text: string): string =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** RFC 5545 §3.1: lines longer than 75 octets continue on the next line after CRLF and one space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // The first line may hold 75 octets; continuation lines 74 plus the leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** 2026-12-01T00:30:00.000Z → 20261201T003000Z */
const utcStamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export interface ICalendarOptions {
  /** DTSTAMP: when this file was made (RFC 5545 requires it on every event). */
  now: number;
  /** Name of the duty room, shown in the event location. */
  dutyRoom?: string;
}

/** The iCalendar text of every seat `person` holds among `shifts`, earliest first, CRLF line ends. */
export function toICalendar(
  person: Pick<Person, 'id' | 'name'>,
  shifts: readonly Shift[],
  options: ICalendarOptions,
): string {
  const stamp = utcStamp(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Duty Room//Roster//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`值班表 · ${person.name}`)}`,
  ];
  const seats = shifts
    .flatMap((shift) =>
      shift.positions.flatMap((seat, index) => (seat.personId === person.id ? [{ shift, seat, index }] : [])),
    )
    .sort((a, b) => toMs(a.shift.startsAt) - toMs(b.shift.startsAt) || a.index - b.index);
  for (const { shift, seat, index } of seats) {
    const title = `值班 ${roleZh[seat.role]}${seat.department ? `（${seat.department}）` : ''}`;
    const description = [shift.keyPeriod ? `重点时段：${shift.keyPeriod}` : undefined, `班次：${shift.id}`]
      .filter(Boolean)
      .join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${shift.id}-${index}-${person.id}@duty-room`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(toMs(shift.startsAt))}`,
      `DTEND:${utcStamp(toMs(shift.endsAt))}`,
      `SUMMARY:${escapeText(title)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(options.dutyRoom ? [`LOCATION:${escapeText(options.dutyRoom)}`] : []),
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
