import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export const PANES = ['incidents', 'map', 'clocks', 'onDuty', 'teams', 'warnings', 'dutyLog', 'ledger', 'roster', 'headquarters', 'drills', 'annualDrillPlan'] as const;
export type PaneId = (typeof PANES)[number];

export interface LayoutState {
  /** Columns left to right, panes top to bottom. A pane appears at most once; absent means hidden. */
  columns: PaneId[][];
  /** Sizes per panel group (react-resizable-panels layout: panel id → percent). */
  sizes: Record<string, Record<string, number>>;
}

export const defaultLayout = (): LayoutState => ({
  columns: [
    ['incidents', 'clocks'],
    ['map', 'dutyLog'],
    ['onDuty', 'teams', 'warnings'],
  ],
  sizes: {},
});

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Accept a stored layout only if it is well formed; otherwise start from the default. */
export function validLayout(raw: unknown): LayoutState | null {
  if (!raw || typeof raw !== 'object') return null;
  const { columns, sizes } = raw as Partial<LayoutState>;
  if (!Array.isArray(columns) || columns.length === 0 || columns.length > 4) return null;
  const seen = new Set<string>();
  for (const col of columns) {
    if (!Array.isArray(col)) return null;
    for (const p of col) {
      if (!(PANES as readonly string[]).includes(p) || seen.has(p)) return null;
      seen.add(p);
    }
  }
  return {
    columns: columns.filter((c) => c.length > 0),
    sizes: sizes && typeof sizes === 'object' ? sizes : {},
  };
}

/** The columns after moving one pane a step; at an edge, left/right opens a new column (at most four). */
export function moved(columns: PaneId[][], pane: PaneId, direction: Direction): PaneId[][] {
  const next = columns.map((col) => [...col]);
  const c = next.findIndex((col) => col.includes(pane));
  const col = next[c];
  if (!col) return next;
  const r = col.indexOf(pane);
  if (direction === 'up' || direction === 'down') {
    const to = direction === 'up' ? r - 1 : r + 1;
    if (to < 0 || to >= col.length) return next;
    col.splice(r, 1);
    col.splice(to, 0, pane);
    return next;
  }
  col.splice(r, 1);
  const target = c + (direction === 'left' ? -1 : 1);
  if (target < 0) next.unshift([pane]);
  else if (target >= next.length) next.push([pane]);
  else next[target]?.push(pane);
  return next.filter((x) => x.length > 0).slice(0, 4);
}

export const layoutSlice = createSlice({
  name: 'layout',
  initialState: defaultLayout(),
  reducers: {
    paneMoved(state, { payload }: PayloadAction<{ pane: PaneId; direction: Direction }>) {
      state.columns = moved(state.columns, payload.pane, payload.direction);
      state.sizes = {};
    },
    paneHidden(state, { payload }: PayloadAction<PaneId>) {
      state.columns = state.columns
        .map((col) => col.filter((p) => p !== payload))
        .filter((col) => col.length > 0);
      state.sizes = {};
    },
    paneShown(state, { payload }: PayloadAction<PaneId>) {
      if (state.columns.some((col) => col.includes(payload))) return;
      const last = state.columns.at(-1);
      if (last) last.push(payload);
      else state.columns.push([payload]);
      state.sizes = {};
    },
    sizesChanged(state, { payload }: PayloadAction<{ group: string; layout: Record<string, number> }>) {
      state.sizes[payload.group] = payload.layout;
    },
    layoutRestored: (_state, { payload }: PayloadAction<LayoutState>) => payload,
    layoutReset: () => defaultLayout(),
  },
});

export const { paneMoved, paneHidden, paneShown, sizesChanged, layoutRestored, layoutReset } =
  layoutSlice.actions;
