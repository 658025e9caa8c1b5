import { describe, expect, it } from 'vitest';
import { inUrgencyOrder } from './handoverOrder';

describe("the handover sheet's incidents (issue 15)", () => {
  it('follow the console’s urgency order; one the console no longer holds comes last', () => {
    // The sheet lists by level then earliest call; the console put the one with a death first.
    const sheet = [{ id: 'fire' }, { id: 'gone' }, { id: 'flood' }, { id: 'slide' }];
    const urgent = [{ id: 'flood' }, { id: 'slide' }, { id: 'fire' }];
    expect(inUrgencyOrder(sheet, urgent).map((i) => i.id)).toEqual(['flood', 'slide', 'fire', 'gone']);
    expect(inUrgencyOrder([], urgent)).toEqual([]);
  });
});
