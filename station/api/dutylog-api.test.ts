import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { officer, registerIncidentCommand } from '../store/store.testing';
import { openTestStation } from './api.testing';
import { newId } from '../../shared/ids';
import { sealEvents } from '../../shared/events/envelope';
import type { CommandRequest } from '../../shared/commands/catalog';

type RecordPayload = Extract<CommandRequest, { type: 'dutylog.record' }>['payload'];

const setup = () =>
  openTestStation({ stationId: 'district-500110', jurisdiction: '500110', name: '万盛经开区应急管理局' });

let current: ReturnType<typeof setup> | null = null;
afterEach(() => {
  current?.close();
  current = null;
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

describe('duty log over the station API', () => {
  it('records through execute, pushes the entry, opens the next snapshot with it, and searches it', async () => {
    current = setup();
    const { client, pushes, store } = current;
    const incident = registerIncidentCommand({ title: '青山水库险情' });
    expect((await client.execute({ ...incident, type: 'incident.register' })).ok).toBe(true);
    const entryId = newId();
    const recorded = await client.execute({
      id: newId(),
      type: 'dutylog.record',
      payload: {
        entryId,
        kind: 'call_received',
        text: '接到青山镇来电，水库水位超汛限',
        counterpart: '青山镇 李主任',
        incidentId: incident.payload.incidentId,
        occurredAt: minutesAgo(5),
      },
    });
    expect(recorded.ok).toBe(true);
    const pushed = pushes.flatMap((p) => (p.kind === 'changes' ? (p.dutyLog ?? []) : []));
    expect(pushed.map((e) => e.id)).toEqual([entryId]);

    const snapshot = await client.snapshot({});
    expect(snapshot.ok && snapshot.value.dutyLog.map((e) => [e.id, e.text])).toEqual([
      [entryId, '接到青山镇来电，水库水位超汛限'],
    ]);
    const found = await client.dutyLogSearch({ q: '水库' });
    expect(found.ok && found.value.map((e) => e.id)).toEqual([entryId]);
    const byIncident = await client.dutyLogSearch({ incidentId: incident.payload.incidentId });
    expect(byIncident.ok && byIncident.value.map((e) => e.id)).toEqual([entryId]);
    const none = await client.dutyLogSearch({ q: '地震' });
    expect(none.ok && none.value).toEqual([]);
    expect(store.dutyLogEntry(entryId)?.recordedBy).toEqual(officer);
  });

  it('a township entry arriving through the hub stays out of this window’s log but is found when asked for', async () => {
    current = setup();
    const { client, pushes, store } = current;
    const entryId = newId();
    const remote = sealEvents(
      [
        {
          type: 'dutylog.entry_recorded',
          stream: `dutylog:${entryId}`,
          payload: { kind: 'note', text: '镇值班室：辖区巡查正常', occurredAt: minutesAgo(3) },
        },
      ],
      {
        station: 'township-500110001',
        jurisdiction: '500110001',
        actor: officer,
        now: minutesAgo(2),
        lastStationSeq: 0,
        lastHash: null,
        newId: () => newId(),
      },
    ).map((e) => ({ ...e, hubSeq: 1 }));
    expect(store.ingestRemote(remote).applied).toBe(1);
    expect(pushes.some((p) => p.kind === 'changes' && p.dutyLog !== undefined)).toBe(false);
    const snapshot = await client.snapshot({});
    expect(snapshot.ok && snapshot.value.dutyLog).toEqual([]);
    const own = await client.dutyLogSearch({ q: '巡查' });
    expect(own.ok && own.value).toEqual([]);
    const all = await client.dutyLogSearch({ q: '巡查', allStations: true });
    expect(all.ok && all.value.map((e) => [e.id, e.station])).toEqual([[entryId, 'township-500110001']]);
  });

  it('a bad search period is refused with the field named', async () => {
    current = setup();
    const r = await current.client.dutyLogSearch({ from: minutesAgo(0), to: minutesAgo(60) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['input.to']);
  });

  it('exports the period as .xlsx: entries oldest first in China time, with the correction and its reason', async () => {
    current = setup();
    const { client } = current;
    const record = async (payload: Omit<RecordPayload, 'entryId'>) => {
      const entryId = newId();
      const r = await client.execute({
        id: newId(),
        type: 'dutylog.record',
        payload: { entryId, ...payload },
      });
      expect(r.ok).toBe(true);
      return entryId;
    };
    await record({ kind: 'note', text: '上一班的记事', occurredAt: minutesAgo(300) });
    const a = await record({ kind: 'call_received', text: '东林村报告塌方', counterpart: '东林村', occurredAt: minutesAgo(50) });
    await record({ kind: 'instruction_relayed', text: '传达区长指示：立即转移群众', counterpart: '青山镇', occurredAt: minutesAgo(40) });
    const corrected = await client.execute({
      id: newId(),
      type: 'dutylog.correct',
      payload: { entryId: a, changes: { text: '西林村报告塌方' }, reason: '村名记错' },
    });
    expect(corrected.ok).toBe(true);

    const file = await client.exportDutyLogXlsx({ from: minutesAgo(120), to: minutesAgo(0) });
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.value.fileName).toMatch(/^值班日志_\d{8}-\d{4}_\d{8}-\d{4}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.value.base64, 'base64') as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('值班日志');
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect(sheet.getCell('A1').text).toContain('万盛经开区应急管理局 值班日志');
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '时间', '类型', '对方', '内容', '关联事件', '记录人', '记录时间', '更正记录']);
    const rows = [3, 4].map((n) => sheet.getRow(n).values as unknown[]);
    expect(rows.map((r) => [r[1], r[3], r[4], r[5]])).toEqual([
      [1, '接到来电', '东林村', '西林村报告塌方'],
      [2, '传达指示', '青山镇', '传达区长指示：立即转移群众'],
    ]);
    expect(String(rows[0]?.[9])).toMatch(/^更正1（.*村名记错）：内容原为「东林村报告塌方」$/);
    expect(sheet.getRow(5).values).toEqual([]);
  });
});
