import { describe, expect, it } from 'vitest';
import { parseSegments } from './segments';

describe('parseSegments', () => {
  it('reads label, start and hours of each entry, with Chinese or ASCII separators', () => {
    expect(parseSegments('早班 08:00 8；中班 16:00 8;夜班 00:00 8')).toEqual({
      segments: [
        { label: '早班', startsAt: '08:00', hours: 8 },
        { label: '中班', startsAt: '16:00', hours: 8 },
        { label: '夜班', startsAt: '00:00', hours: 8 },
      ],
    });
  });
  it('names the first entry that does not read', () => {
    expect(parseSegments('早班 08:00 8；中班 25:00 8')).toEqual({ badEntry: 2 });
    expect(parseSegments('早班 08:00 0')).toEqual({ badEntry: 1 });
    expect(parseSegments('早班 8点')).toEqual({ badEntry: 1 });
    expect(parseSegments('  ')).toEqual({ badEntry: 1 });
  });
});
