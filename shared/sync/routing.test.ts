import { describe, expect, it } from 'vitest';
import { flowsDownward, roomsFor, roomsOf, visibleTo } from './routing';

const up = (jurisdiction: string) => ({ jurisdiction, down: false, extra: null, ceiling: null });

describe('routing by jurisdiction', () => {
  it('a station sees its own node and everything below, never a sibling or above', () => {
    expect(visibleTo('500110', up('500110101001'))).toBe(true);
    expect(visibleTo('500110', up('500110'))).toBe(true);
    expect(visibleTo('500110101', up('500110102'))).toBe(false);
    expect(visibleTo('500110101', up('500110'))).toBe(false);
  });

  it('a warning flows down to every station below the issuing node', () => {
    const warning = { jurisdiction: '500110', down: true, extra: null, ceiling: null };
    expect(visibleTo('500110101001', warning)).toBe(true);
    expect(visibleTo('500111', warning)).toBe(false);
  });

  it('headquarters events flow down to the member stations below, like warnings; other events do not', () => {
    expect(flowsDownward('headquarters.activated')).toBe(true);
    expect(flowsDownward('headquarters.member_notified')).toBe(true);
    expect(flowsDownward('warning.issued')).toBe(true);
    expect(flowsDownward('incident.registered')).toBe(false);
    expect(flowsDownward('hq_plan.saved')).toBe(false);
    const activation = {
      jurisdiction: '500110',
      down: flowsDownward('headquarters.activated'),
      extra: null,
      ceiling: null,
    };
    expect(visibleTo('500110101', activation)).toBe(true);
    expect(visibleTo('500111', activation)).toBe(false);
  });

  it('a report receipt reaches the sending node and no other station below', () => {
    const receipt = { jurisdiction: '500110', down: false, extra: '500110101', ceiling: null };
    expect(visibleTo('500110101', receipt)).toBe(true);
    expect(visibleTo('500110102', receipt)).toBe(false);
  });

  it('rooms agree with visibility: a station is in a room of the event exactly when it may see it', () => {
    const viewers = ['50', '5001', '500110', '500110101', '500110102', '500110101001', '500111'];
    const routes = [
      up('500110101001'),
      up('500110'),
      { jurisdiction: '500110', down: true, extra: null, ceiling: null },
      { jurisdiction: '500110', down: false, extra: '500110101', ceiling: null },
      { jurisdiction: '5001', down: true, extra: null, ceiling: null },
      // A drill's records, capped at the organiser (decision 0024).
      { jurisdiction: '500110101', down: false, extra: null, ceiling: '5001' },
      { jurisdiction: '500110', down: true, extra: null, ceiling: '5001' },
      { jurisdiction: '500110101', down: false, extra: '500110', ceiling: '500110' },
      { jurisdiction: '5001', down: false, extra: null, ceiling: '5001' },
    ];
    for (const route of routes) {
      const rooms = new Set(roomsFor(route));
      for (const viewer of viewers) {
        expect(
          roomsOf(viewer).some((r) => rooms.has(r)),
          `${viewer} ${JSON.stringify(route)}`,
        ).toBe(visibleTo(viewer, route));
      }
    }
  });

  it('a ceiling caps every route: nobody above it sees the event, whatever else the route says', () => {
    const drill = { jurisdiction: '500110', down: true, extra: null, ceiling: '5001' };
    expect(['500110101', '500110', '5001', '50', '500111'].map((v) => visibleTo(v, drill))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(roomsFor(drill)).toEqual(['node:500110', 'node:5001', 'below:500110']);
  });
});
