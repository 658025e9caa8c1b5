import type { ShiftSegment } from '../../../shared/roster/schemas';

/**
 * A custom day cut as the officer types it: `早班 08:00 8；中班 16:00 8；夜班 00:00 8` (label, China-time
 * start, hours), entries split by ；/;/newline. Returns the segments, or the 1-based entry that does not read.
 */
export function parseSegments(text: string): { segments: ShiftSegment[] } | { badEntry: number } {
  const entries = text
    .split(/[;；\n]+/)
    .map((e) => e.trim())
    .filter(Boolean);
  const segments: ShiftSegment[] = [];
  for (const [i, entry] of entries.entries()) {
    const m = /^(?<label>\S{1,20})\s+(?<start>(?:[01]\d|2[0-3]):[0-5]\d)\s+(?<hours>\d{1,2}(?:\.\d+)?)$/.exec(
      entry,
    );
    const { label, start, hours } = m?.groups ?? {};
    if (!label || !start || !hours || !(Number(hours) >= 1 && Number(hours) <= 48))
      return { badEntry: i + 1 };
    segments.push({ label, startsAt: start, hours: Number(hours) });
  }
  return entries.length === 0 ? { badEntry: 1 } : { segments };
}
