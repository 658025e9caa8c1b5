import { describe, expect, it } from 'vitest';
import type { DutyLogEntry } from '../../../shared/dutylog/aggregate';
import type { StationSnapshot } from '../../../shared/api/contract';
import { changesReceived, snapshotLoaded } from '../../app/actions';
import type { RootState } from '../../app/store';
import { changesOf, chinaDayStart, kindForKey, lineOf, periodOf, recordInput } from './entryLine';
import { selectShownEntries } from './selectors';
import { dutyLogSlice, searchChanged } from './slice';

/** The duty-log slice alone, seen through the window's selectors. */
const reduce = dutyLogSlice.reducer;
const shown = (s: ReturnType<typeof reduce>) => selectShownEntries({ dutyLog: s } as unknown as RootState);
import { searchDutyLog } from './commands';

const officer = { id: 'wang', name: '王值班' };
const entry = (id: string, occurredAt: string, text: string, extra: Partial<DutyLogEntry> = {}): DutyLogEntry => ({
  id,
  station: 'station-500110',
  jurisdiction: '500110',
  kind: 'call_received',
  text,
  occurredAt,
  recordedAt: occurredAt,
  recordedBy: officer,
  corrected: false,
  versions: [{ kind: 'call_received', text, occurredAt, recordedAt: occurredAt, by: officer }],
  ...extra,
});
const A = '01JD0000000000000000000001';
const B = '01JD0000000000000000000002';
const incident = '01JD00000000000000000000AA';

const push = (dutyLog: DutyLogEntry[]) =>
  changesReceived({
    kind: 'changes',
    events: [],
    incidents: [],
    reports: [],
    obligations: [],
    teams: [],
    shelters: [],
    dispatchOrders: [],
    depots: [],
    riskPoints: [],
    dutyLog,
  });

describe('the duty-log entry line', () => {
  it('digits 1–6 pick the kind in the order the field lists them; other keys pick nothing', () => {
    expect(['1', '2', '3', '4', '5', '6'].map(kindForKey)).toEqual([
      'call_received',
      'call_made',
      'instruction_received',
      'instruction_relayed',
      'report_made',
      'note',
    ]);
    expect(kindForKey('7')).toBeUndefined();
    expect(kindForKey('a')).toBeUndefined();
  });

  it('a typed line records without its blank fields', () => {
    expect(recordInput({ kind: 'note', text: '巡查', counterpart: '  ', incidentId: '' })).toEqual({
      kind: 'note',
      text: '巡查',
    });
    expect(recordInput({ kind: 'call_received', text: '来电', counterpart: ' 李主任 ', incidentId: incident })).toEqual(
      { kind: 'call_received', text: '来电', counterpart: '李主任', incidentId: incident },
    );
  });

  it('a correction sends only what changed, and an emptied field clears it', () => {
    const e = entry(A, '2026-11-25T01:00:00.000Z', '东林村塌方', { counterpart: '东林村', incidentId: incident });
    expect(changesOf(e, lineOf(e))).toEqual({});
    expect(changesOf(e, { ...lineOf(e), text: '西林村塌方', counterpart: '', incidentId: '' })).toEqual({
      text: '西林村塌方',
      counterpart: null,
      incidentId: null,
    });
    expect(changesOf(e, { ...lineOf(e), kind: 'note' })).toEqual({ kind: 'note' });
  });

  it('today starts at midnight China time; an export period ends now', () => {
    // 2026-11-25 01:30 China time is 2026-11-24 17:30 UTC.
    const now = Date.parse('2026-11-24T17:30:00.000Z');
    expect(chinaDayStart(now)).toBe('2026-11-24T16:00:00.000Z');
    const p = periodOf('last24h', now);
    expect(Date.parse(p.to) - Date.parse(p.from)).toBe(24 * 3_600_000 + 1);
  });
});

describe('the duty-log state of a window', () => {
  it('opens on the snapshot entries newest first and follows pushed records and corrections', () => {
    let state = reduce(
      undefined,
      snapshotLoaded({ recentEvents: [], dutyLog: [entry(A, '2026-11-25T01:00:00.000Z', '一')] } as unknown as StationSnapshot),
    );
    state = reduce(state, push([entry(B, '2026-11-25T01:10:00.000Z', '二')]));
    expect(shown(state).map((e) => e.id)).toEqual([B, A]);
    state = reduce(state, push([entry(A, '2026-11-25T01:00:00.000Z', '一（更正）', { corrected: true })]));
    expect(shown(state).map((e) => e.text)).toEqual(['二', '一（更正）']);
  });

  it('shows the station’s answer to the words still typed, never a late answer to older words', () => {
    let state = reduce(undefined, searchChanged('水库'));
    state = reduce(state, searchDutyLog.pending('r1', { q: '水库' }));
    state = reduce(state, searchChanged('水库 转移'));
    state = reduce(state, searchDutyLog.pending('r2', { q: '水库 转移' }));
    state = reduce(state, searchDutyLog.fulfilled([entry(B, '2026-11-25T01:10:00.000Z', '水库下游转移')], 'r2', { q: '水库 转移' }));
    state = reduce(state, searchDutyLog.fulfilled([entry(A, '2026-11-25T01:00:00.000Z', '水库')], 'r1', { q: '水库' }));
    expect(shown(state).map((e) => e.id)).toEqual([B]);
    // A correction pushed while the answer is shown updates it in place.
    state = reduce(state, push([entry(B, '2026-11-25T01:10:00.000Z', '水库下游立即转移', { corrected: true })]));
    expect(shown(state).map((e) => e.text)).toEqual(['水库下游立即转移']);
    // Clearing the box shows the window's entries again.
    state = reduce(state, searchChanged(''));
    expect(shown(state).map((e) => e.id)).toEqual([B]);
  });
});
