import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { issueToken } from '../../hub/auth';
import { startHub, type Hub } from '../../hub/server';
import { openSqliteHubStore } from '../../hub/sqlite-store';
import type { HubEventStore } from '../../hub/store';
import { newId } from '../../shared/ids';
import { MINUTE } from '../../shared/time';
import { openStationStore, type StationStore } from '../store/index';
import { leader, officer, registerTeamCommand } from '../store/store.testing';
import { startSyncClient, type SyncClient } from '../sync/client';
import { startDrillRunner } from './runner';
import { drillEvaluation, evaluationDocx, timelineXlsx } from './exports';

/**
 * 演练评估 from the record (issue 22): the city runs the hazardous-chemicals drill on a district through
 * a real hub, on a clock the test moves; the district registers the call, dispatches, and sends its 首报
 * 12 minutes past its limit; the evaluation at the city shows each expected action done or not, when,
 * and how late, and the .docx and .xlsx say so, marked 演练.
 */
const key = new TextEncoder().encode('drill-eval-test-key-0123456789-abcdefgh');
const T0 = Date.parse('2026-07-10T02:00:00.000Z');
let nowMs = T0;
const clock = () => nowMs;
const at = (minute: number) => (nowMs = T0 + minute * MINUTE);

let dir: string;
let hubStore: HubEventStore;
let hub: Hub;
const opened: Array<{ close(): void }> = [];
const clients: SyncClient[] = [];

async function until(what: string, predicate: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
async function station(id: string, jurisdiction: string) {
  const store: StationStore = openStationStore({
    path: join(dir, `${id}.sqlite`),
    stationId: id,
    jurisdiction,
    clock,
  });
  opened.push(store);
  const link = startSyncClient({
    url: hub.url,
    token: (await issueToken(key, { station: id, jurisdiction })).token,
    store,
  });
  clients.push(link);
  return { store, link };
}
const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

beforeEach(async () => {
  nowMs = T0;
  dir = mkdtempSync(join(tmpdir(), 'duty-drill-eval-'));
  hubStore = openSqliteHubStore(join(dir, 'hub.sqlite'));
  hub = await startHub({ store: hubStore, key });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.stop();
  for (const s of opened.splice(0)) s.close();
  await hub.close();
  hubStore.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drill evaluation from the record', () => {
  it('shows each expected action with its time and lateness, and prints the 演练评估报告 and the timeline', async () => {
    const city = await station('city-5001', '5001');
    const district = await station('district-500110', '500110');
    await until('links online', () => [city, district].every((s) => s.link.state().status === 'online'));
    const runner = startDrillRunner({
      store: city.store,
      now: clock,
      timers: { setTimeout: () => null, clearTimeout: () => undefined },
    });

    const drillId = newId();
    ok(
      city.store.execute(
        {
          id: newId(),
          type: 'drill.start',
          payload: { drillId, scenarioId: 'hazchem-road-district', drilled: ['500110'], mode: 'blind' },
        },
        leader,
      ),
    );
    expect(runner.tick()).toBe(1);
    await until(
      'the call at the district',
      () => (district.store.drills.byId(drillId)?.deliveries.length ?? 0) === 1,
    );
    const facts = district.store.drills.byId(drillId)!.deliveries[0].facts;

    at(3);
    const incidentId = newId();
    ok(
      district.store.execute(
        {
          id: newId(),
          type: 'incident.register',
          payload: { incidentId, facts, fromInject: { drillId, injectKey: 'tanker_call' } },
        },
        officer,
      ),
    );
    at(8);
    ok(district.store.execute(registerTeamCommand('hazmat-1'), officer));
    ok(
      district.store.execute(
        { id: newId(), type: 'dispatch.issue', payload: { teamId: 'hazmat-1', incidentId } },
        officer,
      ),
    );
    at(15);
    expect(runner.tick()).toBe(1); // the team cannot come: nobody else is dispatched
    at(42);
    const reportId = newId();
    ok(
      district.store.execute(
        {
          id: newId(),
          type: 'report.draft',
          payload: {
            reportId,
            incidentId,
            kind: 'initial',
            channel: 'phone',
            content: {
              unit: '区应急管理局',
              time: '10时',
              place: 'G65',
              summary: '槽罐车泄漏',
              casualties: {},
              reporter: '值班员',
              contact: '023-1',
            },
          },
        },
        officer,
      ),
    );
    ok(
      district.store.execute(
        { id: newId(), type: 'report.send', payload: { reportId, addressedTo: '5001' } },
        officer,
      ),
    );
    at(100);
    expect(runner.tick()).toBe(3); // gas spreads, road closed, the city asks
    await until(
      'the question at the district',
      () => district.store.drills.byId(drillId)?.deliveries.length === 5,
    );
    at(110);
    // The district answers the city's question (due 15 minutes after it came: on time).
    ok(
      district.store.execute(
        {
          id: newId(),
          type: 'drill.answer_inject',
          payload: { drillId, injectKey: 'city_asks', answer: '泄漏已控制，疏散300人。' },
        },
        officer,
      ),
    );
    await until(
      'the city holds the answer',
      () => (city.store.drills.byId(drillId)?.answers?.length ?? 0) === 1,
    );
    at(120);
    ok(
      city.store.execute(
        { id: newId(), type: 'drill.end', payload: { drillId, reason: '演练结束' } },
        leader,
      ),
    );
    await until('the city holds the district’s report', () => city.store.report(reportId)?.status === 'sent');
    runner.stop();

    const report = ok(drillEvaluation(city.store, drillId, nowMs));
    const room = report.rooms[0];
    expect(room.jurisdiction).toBe('500110');
    const byAction = Object.fromEntries(room.evaluation.actions.map((a) => [`${a.inject}.${a.action}`, a]));
    expect(byAction['tanker_call.register']).toMatchObject({
      outcome: 'on_time',
      lateMinutes: 0,
      doneAt: new Date(T0 + 3 * MINUTE).toISOString(),
    });
    expect(byAction['tanker_call.dispatch_hazmat']).toMatchObject({ outcome: 'on_time' });
    expect(byAction['tanker_call.first_report']).toMatchObject({ outcome: 'late', lateMinutes: 12 });
    expect(byAction['team_out.dispatch_other'].outcome).toBe('missed');
    expect(byAction['tanker_call.activate_hq'].outcome).toBe('missed');
    expect(byAction['gas_spreads.follow_up'].outcome).toBe('missed');
    expect(byAction['city_asks.answer']).toMatchObject({
      outcome: 'on_time',
      doneAt: new Date(T0 + 110 * MINUTE).toISOString(),
    });
    // intake 100; reporting 1 of 4 (the 首报's weight 2 at half); response 2 of 6; coordination 100.
    expect(room.evaluation.criteria.map((c) => c.score)).toEqual([100, 25, 33.3, 100]);
    // (15·100 + 35·25 + 40·33.3 + 10·100) / 100
    expect(room.evaluation.total).toBe(47.1);

    const docx = await evaluationDocx(report, {
      unit: '某市应急管理局',
      findings: '未另行调派力量。',
      recommendations: '修订危化救援力量调派预案。',
    });
    expect(docx.fileName).toContain('演练');
    const xml = await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')!.async('string');
    for (const text of [
      '演练评估报告',
      '不作为真实信息报送',
      '超时完成',
      '超时12分钟',
      '未另行调派力量。',
      '修订危化救援力量调派预案。',
    ])
      expect(xml).toContain(text);

    const xlsx = await timelineXlsx(report);
    expect(xlsx.fileName).toContain('演练');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('演练时间线')!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String)));
    expect(rows[0][0]).toContain('【演练】');
    const kinds = rows.slice(2).map((r) => r[2]);
    expect(kinds.filter((k) => k === '情景注入')).toHaveLength(5);
    expect(kinds).toEqual(expect.arrayContaining(['接报登记', '调派队伍', '首报', '回复上级询问']));
  });
});
