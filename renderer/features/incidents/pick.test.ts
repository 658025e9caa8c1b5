import { describe, expect, it } from 'vitest';
import { incidentsSlice, placePickCancelled, placePickStarted, placePicked } from './slice';

const reduce = incidentsSlice.reducer;

describe('picking the place of a call on the map', () => {
  it('a click while picking gives the form its point once and ends the pick', () => {
    let s = reduce(undefined, placePickStarted());
    expect(s.pick.active).toBe(true);
    s = reduce(s, placePicked({ lon: 106.9123456, lat: 28.97 }));
    expect(s.pick).toEqual({ active: false, point: { lon: 106.9123456, lat: 28.97 }, seq: 1 });
    // A later click (selecting an incident on the map) is not a pick.
    expect(reduce(s, placePicked({ lon: 1, lat: 2 })).pick.seq).toBe(1);
  });

  it('Esc cancels without a point, and a point off the globe is not taken', () => {
    let s = reduce(reduce(undefined, placePickStarted()), placePickCancelled());
    expect(s.pick).toEqual({ active: false, point: null, seq: 0 });
    s = reduce(reduce(s, placePickStarted()), placePicked({ lon: 106, lat: 95 }));
    expect(s.pick).toMatchObject({ active: true, seq: 0 });
  });
});
