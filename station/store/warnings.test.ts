import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { evolveWarning, type WarningEvent, type WarningState } from '../../shared/warnings/aggregate';
import { openStationStore, type StationStore } from './index';
import { officer } from './store.testing';

/** The warnings projection on a real SQLite file: issue, answers, restart, rebuild from the log. */
let dir: string;
const stores: StationStore[] = [];
let now = Date.parse('2026-07-10T01:00:00.000Z');
const open = () => {
  const s = openStationStore({
    path: join(dir, 'district.db'),
    stationId: 'district-500110',
    jurisdiction: '500110',
    clock: () => now,
  });
  stores.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-warnings-'));
  now = Date.parse('2026-07-10T01:00:00.000Z');
});
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const townships = ['500110001', '500110101', '500110102', '500110103', '500110104'];
const recipients = townships.map((code, i) => ({
  id: `town-${i + 1}`,
  name: `第${i + 1}镇值班室`,
  jurisdiction: code,
  tier: 1,
  superiorId: `head-${i + 1}`,
}));
/** A command and the officer who gives it (the station stamps that actor; a command carries none). */
const cmd = (type: string, payload: Record<string, unknown>) =>
  [{ id: newId(), type, payload }, officer] as const;
const issue = (warningId: string, areas = townships) =>
  cmd('warning.issue', {
    warningId,
    hazard: '暴雨',
    colour: 'red',
    areas,
    text: '预计未来3小时将出现100毫米以上强降雨，请立即落实危险区人员转移。',
    recipients,
  });

describe('warnings projection (real SQLite)', () => {
  it('a red rainstorm warning to five townships is projected with each recipient where their loop stands, and survives a restart', () => {
    let store = open();
    const warningId = newId(now);
    const issued = store.execute(...issue(warningId));
    expect(issued.ok).toBe(true);
    now += 60_000;
    for (const r of recipients)
      expect(
        store.execute(...cmd('warning.record_delivery', { warningId, recipientId: r.id, channel: 'sms' })).ok,
      ).toBe(true);
    now += 3 * 60_000;
    expect(
      store.execute(...cmd('warning.acknowledge', { warningId, recipientId: 'town-2', channel: 'phone' })).ok,
    ).toBe(true);

    const w = store.warning(warningId);
    expect(w?.status).toBe('active');
    expect(w?.recipients.map((r) => [r.id, Boolean(r.deliveredAt), r.acknowledgedAt ?? null])).toEqual([
      ['town-1', true, null],
      ['town-2', true, '2026-07-10T01:04:00.000Z'],
      ['town-3', true, null],
      ['town-4', true, null],
      ['town-5', true, null],
    ]);
    expect(store.warnings().map((x) => x.id)).toEqual([warningId]);

    store.close();
    stores.splice(0);
    store = open();
    expect(store.warning(warningId)).toEqual(w);
    // A second acknowledgement of the same recipient is refused, naming the field.
    const again = store.execute(
      ...cmd('warning.acknowledge', { warningId, recipientId: 'town-2', channel: 'station' }),
    );
    expect(again.ok ? [] : again.errors.map((e) => [e.code, e.field])).toEqual([
      ['WARNING_ALREADY_ACKNOWLEDGED', 'payload.recipientId'],
    ]);
  });

  it('a lifted warning leaves the list in force but stays readable, and is listed when asked for by issue time', () => {
    const store = open();
    const warningId = newId(now);
    expect(store.execute(...issue(warningId)).ok).toBe(true);
    now += 30 * 60_000;
    expect(store.execute(...cmd('warning.lift', { warningId, reason: '降雨减弱，解除预警' })).ok).toBe(true);
    expect(store.warnings()).toEqual([]);
    expect(store.warnings('2026-07-10T00:00:00.000Z').map((w) => [w.id, w.status])).toEqual([
      [warningId, 'lifted'],
    ]);
    expect(store.warning(warningId)?.liftReason).toBe('降雨减弱，解除预警');
  });

  it('refuses a warning over an area outside the station, and writes nothing', () => {
    const store = open();
    const before = store.lastPosition();
    const result = store.execute(...issue(newId(now), ['500111001']));
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['payload.areas.0']);
    expect(store.lastPosition()).toBe(before);
    expect(store.warnings()).toEqual([]);
  });

  it('the projection kept on each append equals the fold of the warning stream read back from the log', () => {
    const store = open();
    const warningId = newId(now);
    store.execute(...issue(warningId));
    now += 120_000;
    store.execute(...cmd('warning.acknowledge', { warningId, recipientId: 'town-1', channel: 'station' }));
    store.execute(
      ...cmd('warning.report_action', { warningId, recipientId: 'town-1', action: '已转移12户35人' }),
    );
    store.execute(...cmd('warning.renotify', { warningId, recipientId: 'town-2', channel: 'voice' }));
    const kept = store.warning(warningId);
    let folded: WarningState | undefined;
    for (const e of store.streamEvents(`warning:${warningId}`))
      folded = evolveWarning(folded, e as WarningEvent);
    expect(kept).toEqual(JSON.parse(JSON.stringify(folded)));
    expect(kept?.recipients[0]?.actionReportedAt).toBe('2026-07-10T01:02:00.000Z');
    expect(kept?.recipients[1]?.renotifiedAt).toEqual(['2026-07-10T01:02:00.000Z']);
  });
});
