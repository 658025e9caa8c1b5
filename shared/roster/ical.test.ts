import { describe, expect, it } from 'vitest';
import type { Shift } from '../domain/operations';
import { chinaWallTime } from '../time';
import { escapeText, foldLine, toICalendar } from './ical';

const shift = (id: string, day: number, positions: Shift['positions'], keyPeriod?: string): Shift => ({
  id,
  jurisdiction: '110101',
  startsAt: new Date(chinaWallTime(2026, 12, day, 8, 30)).toISOString(),
  endsAt: new Date(chinaWallTime(2026, 12, day + 1, 8, 30)).toISOString(),
  ...(keyPeriod ? { keyPeriod } : {}),
  positions,
});

/** Undo folding and split into content lines, as a client would. */
const unfold = (text: string) => text.replace(/\r\n /g, '').split('\r\n').slice(0, -1);

describe('toICalendar', () => {
  const shifts = [
    shift('s3', 3, [
      { role: 'leader', personId: 'L1' },
      { role: 'officer', personId: 'P1' },
    ]),
    shift(
      's1',
      1,
      [
        { role: 'leader', personId: 'L1' },
        { role: 'officer', personId: 'P2' },
        { role: 'liaison', personId: 'P1', department: '水利局' },
      ],
      '防汛, 重点;时段',
    ),
    shift('s2', 2, [
      { role: 'leader', personId: 'L2' },
      { role: 'officer', personId: 'P2' },
    ]),
  ];
  const text = toICalendar({ id: 'P1', name: '张三' }, shifts, {
    now: Date.UTC(2026, 10, 25, 6, 0, 0),
    dutyRoom: '区应急管理局值班室',
  });
  const lines = unfold(text);

  it('lists only that person’s shifts, earliest first, with UTC start and end', () => {
    const events = lines.filter((l) => l.startsWith('DTSTART:'));
    // 08:30 China time is 00:30 UTC.
    expect(events).toEqual(['DTSTART:20261201T003000Z', 'DTSTART:20261203T003000Z']);
    expect(lines.filter((l) => l.startsWith('DTEND:'))).toEqual([
      'DTEND:20261202T003000Z',
      'DTEND:20261204T003000Z',
    ]);
    expect(lines.filter((l) => l.startsWith('UID:'))).toEqual([
      'UID:s1-2-P1@duty-room',
      'UID:s3-1-P1@duty-room',
    ]);
    expect(lines.filter((l) => l === 'DTSTAMP:20261125T060000Z')).toHaveLength(2);
  });

  it('is a well-formed calendar: CRLF line ends, one VEVENT block per shift, required properties', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((l) => l === 'END:VEVENT')).toHaveLength(2);
  });

  it('escapes commas, semicolons and newlines in text and names the seat in Chinese', () => {
    expect(lines).toContain('SUMMARY:值班 联络员（水利局）');
    expect(lines).toContain('DESCRIPTION:重点时段：防汛\\, 重点\\;时段\\n班次：s1');
    expect(escapeText('a\\b')).toBe('a\\\\b');
  });

  it('folds long lines at 75 octets without splitting a Chinese character', () => {
    const raw = text.split('\r\n');
    const encoder = new TextEncoder();
    for (const line of raw) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    const long = `DESCRIPTION:${'应急值守'.repeat(30)}`;
    const folded = foldLine(long);
    expect(folded).toContain('\r\n ');
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    for (const part of folded.split('\r\n')) expect(encoder.encode(part).length).toBeLessThanOrEqual(75);
    expect(folded).not.toContain('\uFFFD');
  });

  it('gives an empty calendar for someone with no shifts', () => {
    const empty = unfold(toICalendar({ id: 'NOBODY', name: '无' }, shifts, { now: 0 }));
    expect(empty.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(0);
    expect(empty.at(-1)).toBe('END:VCALENDAR');
  });
});
