import { describe, expect, it } from 'vitest';
import { defaultLayout, layoutSlice, paneHidden, paneMoved, paneShown, validLayout } from './slice';

const reduce = layoutSlice.reducer;

describe('board layout', () => {
  it('moving a pane right takes it to the next column and keeps every pane exactly once', () => {
    const s = reduce(defaultLayout(), paneMoved({ pane: 'incidents', direction: 'right' }));
    expect(s.columns[0]).toEqual(['clocks']);
    expect(s.columns[1]).toContain('incidents');
    expect(s.columns.flat().sort()).toEqual(defaultLayout().columns.flat().sort());
  });

  it('moving the last pane of the first column left opens a new column on the left', () => {
    const start = { columns: [['map' as const], ['incidents' as const]], sizes: {} };
    expect(reduce(start, paneMoved({ pane: 'map', direction: 'left' })).columns).toEqual([
      ['map'],
      ['incidents'],
    ]);
  });

  it('a hidden pane can be shown again and appears once', () => {
    const hidden = reduce(defaultLayout(), paneHidden('map'));
    expect(hidden.columns.flat()).not.toContain('map');
    const shown = reduce(reduce(hidden, paneShown('map')), paneShown('map'));
    expect(shown.columns.flat().filter((p) => p === 'map')).toHaveLength(1);
  });

  it('a stored layout naming an unknown or repeated pane is refused', () => {
    expect(validLayout({ columns: [['map', 'map']] })).toBeNull();
    expect(validLayout({ columns: [['shell']] })).toBeNull();
    expect(validLayout('x')).toBeNull();
    expect(validLayout({ columns: [['map'], []] })).toEqual({ columns: [['map']], sizes: {} });
  });
});
