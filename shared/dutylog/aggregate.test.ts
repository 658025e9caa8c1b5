import { describe, expect, it } from 'vitest';
import type { DecideContext } from '../aggregates/context';
import { validateCommand, type Command } from '../commands/catalog';
import { parseEvent, sealEvents, type EventDraft } from '../events/envelope';
import { newId } from '../ids';
import {
  decideDutyLog,
  evolveDutyLogEntry,
  searchTextOf,
  type DutyLogCommand,
  type DutyLogEntry,
  type DutyLogEvent,
} from './aggregate';

const now = '2026-11-25T02:00:00.000Z';
const officer = { id: 'wang', name: '王值班', role: 'officer' as const };
const ctx: DecideContext = { now, actor: officer, jurisdiction: '500110', newId: () => newId() };
const incidentId = newId();
const known = (id: string) => id === incidentId;

function command(type: string, payload: unknown): DutyLogCommand {
  const r = validateCommand({ id: newId(), type, payload, actor: officer });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value as Extract<Command, { type: `dutylog.${string}` }>;
}

/** Seal drafts as a station would and fold them, so the payloads pass the same checks as the log's. */
function fold(state: DutyLogEntry | undefined, drafts: EventDraft[], at = now): DutyLogEntry | undefined {
  const sealed = sealEvents(drafts, {
    station: 'station-500110',
    jurisdiction: '500110',
    actor: officer,
    now: at,
    lastStationSeq: 0,
    lastHash: null,
    newId: () => newId(),
  });
  return sealed.reduce<DutyLogEntry | undefined>((s, e) => {
    const parsed = parseEvent(e);
    expect(parsed.ok).toBe(true);
    return evolveDutyLogEntry(s, e as DutyLogEvent);
  }, state);
}

function recorded(payload: Record<string, unknown>): DutyLogEntry {
  const r = decideDutyLog(command('dutylog.record', payload), { entry: undefined, incidentExists: known }, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return fold(undefined, r.value) as DutyLogEntry;
}

describe('duty log: recording', () => {
  it('a call received is recorded with who called, the linked incident and when it happened', () => {
    const r = decideDutyLog(
      command('dutylog.record', {
        kind: 'call_received',
        text: '  接到镇政府来电：青山水库水位上涨  ',
        counterpart: '镇政府 李主任',
        incidentId,
        occurredAt: '2026-11-25T01:55:00.000Z',
      }),
      { entry: undefined, incidentExists: known },
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(1);
    expect(r.value[0]).toMatchObject({
      type: 'dutylog.entry_recorded',
      occurredAt: '2026-11-25T01:55:00.000Z',
      payload: { kind: 'call_received', text: '接到镇政府来电：青山水库水位上涨', counterpart: '镇政府 李主任', incidentId },
    });
    const entry = fold(undefined, r.value)!;
    expect(entry).toMatchObject({
      kind: 'call_received',
      station: 'station-500110',
      recordedBy: officer,
      corrected: false,
      occurredAt: '2026-11-25T01:55:00.000Z',
      recordedAt: now,
    });
    expect(entry.versions).toHaveLength(1);
  });

  it('an entry without a time happened now', () => {
    const entry = recorded({ kind: 'note', text: '交接班前巡查机房' });
    expect(entry.occurredAt).toBe(now);
  });

  it('an instruction relayed without naming to whom is refused on the counterpart field', () => {
    const r = decideDutyLog(
      command('dutylog.record', { kind: 'instruction_relayed', text: '传达市局关于防汛的指示' }),
      { entry: undefined, incidentExists: known },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([['DUTYLOG_COUNTERPART_REQUIRED', 'payload.counterpart']]);
  });

  it('each bad field is named: an unknown incident and a time ahead of the clock', () => {
    const r = decideDutyLog(
      command('dutylog.record', {
        kind: 'call_received',
        text: '来电',
        incidentId: newId(),
        occurredAt: '2026-11-25T03:00:00.000Z',
      }),
      { entry: undefined, incidentExists: known },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([
      ['NOT_FOUND', 'payload.incidentId'],
      ['TIME_IN_FUTURE', 'payload.occurredAt'],
    ]);
  });

  it('an empty text or an unknown kind is refused at the boundary with the field named', () => {
    const r = validateCommand({
      id: newId(),
      type: 'dutylog.record',
      payload: { kind: 'gossip', text: '   ' },
      actor: officer,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field).sort()).toEqual(['payload.kind', 'payload.text']);
  });

  it('recording the same entry id twice is refused', () => {
    const entry = recorded({ kind: 'note', text: '记事' });
    const r = decideDutyLog(
      command('dutylog.record', { entryId: entry.id, kind: 'note', text: '记事' }),
      { entry, incidentExists: known },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.code).toBe('ALREADY_EXISTS');
  });
});

describe('duty log: corrections keep every version', () => {
  it('a correction changes the current content and keeps the original as the first version', () => {
    const entry = recorded({ kind: 'call_received', text: '接到来电：东林村塌方', counterpart: '东林村' });
    const r = decideDutyLog(
      command('dutylog.correct', {
        entryId: entry.id,
        changes: { text: '接到来电：西林村塌方', incidentId },
        reason: '村名记错',
      }),
      { entry, incidentExists: known },
      { ...ctx, now: '2026-11-25T02:10:00.000Z' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const corrected = fold(entry, r.value, '2026-11-25T02:10:00.000Z')!;
    expect(corrected).toMatchObject({ text: '接到来电：西林村塌方', incidentId, counterpart: '东林村', corrected: true });
    expect(corrected.versions.map((v) => v.text)).toEqual(['接到来电：东林村塌方', '接到来电：西林村塌方']);
    expect(corrected.versions[1]).toMatchObject({ reason: '村名记错', recordedAt: '2026-11-25T02:10:00.000Z' });
    expect(corrected.recordedAt).toBe(now);
    // Both versions can be searched.
    expect(searchTextOf(corrected)).toContain('东林村塌方');
    expect(searchTextOf(corrected)).toContain('西林村塌方');
  });

  it('null unlinks the incident and drops the counterpart', () => {
    const entry = recorded({ kind: 'call_received', text: '来电', counterpart: '张三', incidentId });
    const r = decideDutyLog(
      command('dutylog.correct', { entryId: entry.id, changes: { incidentId: null, counterpart: null }, reason: '误关联' }),
      { entry, incidentExists: known },
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const next = fold(entry, r.value)!;
    expect(next.incidentId).toBeUndefined();
    expect(next.counterpart).toBeUndefined();
    expect(next.versions[0]).toMatchObject({ incidentId, counterpart: '张三' });
  });

  it('a correction that changes nothing, of an unknown entry, or without a reason is refused', () => {
    const entry = recorded({ kind: 'note', text: '记事' });
    const same = decideDutyLog(
      command('dutylog.correct', { entryId: entry.id, changes: { text: '记事' }, reason: '无' }),
      { entry, incidentExists: known },
      ctx,
    );
    expect(!same.ok && same.errors.map((e) => [e.code, e.field])).toEqual([
      ['DUTYLOG_NOTHING_CHANGED', 'payload.changes'],
    ]);
    const missing = decideDutyLog(
      command('dutylog.correct', { entryId: newId(), changes: { text: '新' }, reason: '更正' }),
      { entry: undefined, incidentExists: known },
      ctx,
    );
    expect(!missing.ok && missing.errors[0]?.code).toBe('NOT_FOUND');
    const noReason = validateCommand({
      id: newId(),
      type: 'dutylog.correct',
      payload: { entryId: entry.id, changes: { text: '新' }, reason: ' ' },
      actor: officer,
    });
    expect(!noReason.ok && noReason.errors.map((e) => e.field)).toEqual(['payload.reason']);
  });

  it('changing a note into an instruction relayed needs the counterpart too', () => {
    const entry = recorded({ kind: 'note', text: '已通知各村' });
    const r = decideDutyLog(
      command('dutylog.correct', { entryId: entry.id, changes: { kind: 'instruction_relayed' }, reason: '类型选错' }),
      { entry, incidentExists: known },
      ctx,
    );
    expect(!r.ok && r.errors.map((e) => [e.code, e.field])).toEqual([
      ['DUTYLOG_COUNTERPART_REQUIRED', 'payload.changes.counterpart'],
    ]);
  });
});
