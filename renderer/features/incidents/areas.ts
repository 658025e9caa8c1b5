import { useEffect, useState, useSyncExternalStore } from 'react';
import { createAsyncThunk } from '@reduxjs/toolkit';
import { GazetteerScopeWire, type DivisionWire } from '../../../shared/api/gazetteer-calls';
import type { JurisdictionLevel } from '../../../shared/domain/jurisdiction';
import { isDivisionCode, normalizeTyped } from '../../../shared/gazetteer/names';
import type { StationThunk } from '../../app/commands';
import { useAppDispatch, useAppSelector } from '../../app/hooks';

/**
 * 行政区划 in the window: the names this window has learnt from its station's gazetteer (station/gazetteer,
 * through the gazetteer calls of shared/api). The window never holds the country: it loads its own
 * jurisdiction's tree once (its name, the chain above, its townships), and asks the station as the officer
 * types; every division a reply names is kept here, so that names show synchronously where they are drawn.
 * A code nobody has named yet shows as the code until its name arrives.
 */

/** An administrative area an officer can name: its code, its name as this station shows it, a point if known. */
export interface Area {
  code: string;
  /** 南桐镇 红岩村: a village with its township, with its district when outside the station's own. */
  name: string;
  level: JurisdictionLevel;
  /** A centroid where the station knows one (the demo's townships and villages); the dataset has none. */
  point?: { lon: number; lat: number };
}

interface Known {
  /** The jurisdiction whose station answered (names are relative to it). */
  jurisdiction: string | null;
  areas: Map<string, Area>;
  /** The station's subordinates, parents first (for lists); empty until loaded. */
  scope: Area[];
  /** What was typed (normalised) → the one division it names, or null: as the station resolved it. */
  resolved: Map<string, string | null>;
  /** Codes the station says name no division. */
  missing: Set<string>;
  /** Whether the map has a bundled outline of the jurisdiction; null until known. */
  outline: boolean | null;
  /** The station's own division; null until known. */
  own: Area | null;
  state: 'idle' | 'loading' | 'loaded' | 'failed';
}

const fresh = (jurisdiction: string | null): Known => ({
  jurisdiction,
  areas: new Map(),
  scope: [],
  resolved: new Map(),
  missing: new Set(),
  outline: null,
  own: null,
  state: 'idle',
});

let known = fresh(null);
let version = 0;
const listeners = new Set<() => void>();
const changed = () => {
  version += 1;
  for (const l of listeners) l();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const toArea = (d: DivisionWire): Area => ({
  code: d.code,
  name: d.label,
  level: d.level,
  ...(d.point ? { point: d.point } : {}),
});
const learn = (divisions: readonly DivisionWire[]) =>
  divisions.map((d) => {
    const area = toArea(d);
    known.areas.set(area.code, area);
    return area;
  });

/** Forget every name (a window that connects to another station; tests). */
export function forgetAreas(jurisdiction: string | null = null) {
  known = fresh(jurisdiction);
  pending.clear();
  changed();
}

export const areaOf = (code: string): Area | undefined => known.areas.get(code.trim());

/** The station's townships (and villages where it lists them), parents first: for a list to pick from. */
export const knownAreas = (): readonly Area[] => known.scope;

/** Whether the map has a bundled boundary outline of the station's jurisdiction (null: not known yet). */
export const jurisdictionOutline = (): { own: Area | null; outline: boolean | null } => ({
  own: known.own,
  outline: known.outline,
});

/** Codes a caller asked the name of that nobody has named: asked for together, once. */
const pending = new Set<string>();
let askName: ((codes: string[]) => void) | null = null;
function wantName(code: string) {
  if (!askName || pending.has(code) || known.missing.has(code) || !isDivisionCode(code)) return;
  const first = pending.size === 0;
  pending.add(code);
  if (first)
    queueMicrotask(() => {
      const codes = [...pending];
      askName?.(codes);
    });
}

/** A division's name for a code (district, township, village), or the code itself while none is known. */
export const divisionName = (code: string): string => {
  const c = code.trim();
  const area = known.areas.get(c);
  if (area) return area.name;
  wantName(c);
  return code;
};

/**
 * The division code an officer meant by what they typed in the area field: a well-formed code the station has
 * not refused, else the one township or village the station found by that name (asked as the officer typed,
 * or by `settleArea` before saving); null when none or several fit, or the station has not answered.
 */
export function resolveArea(typed: string): string | null {
  const q = typed.trim();
  if (q === '') return null;
  if (isDivisionCode(q)) return known.missing.has(q) ? null : q;
  return known.resolved.get(normalizeTyped(q)) ?? null;
}

/** The station's jurisdiction: its name, its chain, its subordinates (once per station and window). */
export const loadAreaScope = createAsyncThunk<boolean, undefined, StationThunk>(
  'areas/scope',
  async (_, { extra, getState, rejectWithValue }) => {
    const jurisdiction = getState().station.info?.jurisdiction ?? null;
    if (known.jurisdiction !== jurisdiction) forgetAreas(jurisdiction);
    if (known.state === 'loading' || known.state === 'loaded') return false;
    known.state = 'loading';
    const reply = await extra.client.gazetteerScope({});
    const scope = reply.ok ? GazetteerScopeWire.safeParse(reply.value) : null;
    if (known.jurisdiction !== jurisdiction) return false;
    if (!scope?.success) {
      known.state = 'failed';
      changed();
      return rejectWithValue(reply.ok ? [] : reply.errors);
    }
    const { jurisdiction: own, chain, subordinates, outline } = scope.data;
    learn(chain);
    known.own = learn([own])[0] ?? null;
    known.scope = learn(subordinates);
    known.outline = outline;
    known.state = 'loaded';
    changed();
    return true;
  },
);

/** The first matches of what was typed (名称或代码), as the station's gazetteer ranks them; its resolution kept. */
export const searchAreas = createAsyncThunk<Area[], { text: string; limit?: number }, StationThunk>(
  'areas/search',
  async ({ text, limit = 8 }, { extra, rejectWithValue }) => {
    const reply = await extra.client.gazetteerSearch({ text, limit });
    if (!reply.ok) return rejectWithValue(reply.errors);
    const areas = learn(reply.value.matches);
    known.resolved.set(normalizeTyped(text), reply.value.resolved);
    if (isDivisionCode(text.trim()) && reply.value.resolved === null) known.missing.add(text.trim());
    changed();
    return areas;
  },
);

/** Before the form is checked: ask the station what the area field names, unless it has said already. */
export const settleArea = createAsyncThunk<string | null, string, StationThunk>(
  'areas/settle',
  async (typed, { dispatch }) => {
    const q = typed.trim();
    if (q === '') return null;
    if (!known.resolved.has(normalizeTyped(q)) && !(isDivisionCode(q) && known.areas.has(q)))
      await dispatch(searchAreas({ text: q }));
    return resolveArea(q);
  },
);

/** Names of codes nobody has named yet (a subordinate's incident, a report from another district). */
export const nameDivisions = createAsyncThunk<number, string[], StationThunk>(
  'areas/name',
  async (codes, { extra }) => {
    for (const code of codes) {
      const reply = await extra.client.gazetteerDivision({ code });
      pending.delete(code);
      if (!reply.ok) continue;
      if (reply.value.division) learn([reply.value.division]);
      else known.missing.add(code);
    }
    changed();
    return codes.length;
  },
);

/**
 * Names from the station's gazetteer in a component: loads the jurisdiction's tree once per station and
 * re-renders the component when names arrive. Returns a number that changes with every arrival.
 */
export function useAreas(): number {
  const dispatch = useAppDispatch();
  const jurisdiction = useAppSelector((s) => s.station.info?.jurisdiction ?? null);
  const seen = useSyncExternalStore(subscribe, () => version);
  useEffect(() => {
    askName = (codes) => void dispatch(nameDivisions(codes));
    if (jurisdiction !== null && (known.jurisdiction !== jurisdiction || known.state === 'idle'))
      void dispatch(loadAreaScope(undefined));
  }, [dispatch, jurisdiction]);
  return seen;
}

/** What the intake offers for the text typed, once the station has answered for exactly this text. */
export function useAreaMatches(typed: string, open: boolean): Area[] {
  const dispatch = useAppDispatch();
  useAreas();
  const [offer, setOffer] = useState<{ text: string; areas: Area[] }>({ text: '', areas: [] });
  useEffect(() => {
    if (!open || typed.trim() === '') return;
    let live = true;
    void dispatch(searchAreas({ text: typed })).then((result) => {
      if (live && searchAreas.fulfilled.match(result)) setOffer({ text: typed, areas: result.payload });
    });
    return () => {
      live = false;
    };
  }, [dispatch, typed, open]);
  return open && offer.text === typed ? offer.areas : [];
}
