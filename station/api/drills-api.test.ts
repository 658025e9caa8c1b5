import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../../shared/ids';
import { MINUTE } from '../../shared/time';
import { openStationStore, type StationStore } from '../store/index';
import { leader } from '../store/store.testing';
import { drillsHandlers } from './drills';
import { startDrillRunner } from '../drills/runner';

/**
 * 演练 read calls on a real store (issue 22): the city starts the hazardous-chemicals drill on a district;
 * the list, the timeline (the call delivered), the evaluation (pending, then missed once ended) and both
 * files, marked 演练; a drill the station does not hold is NOT_FOUND.
 */
const T0 = Date.parse('2026-07-10T02:00:00.000Z');
let nowMs = T0;
const clock = () => nowMs;
let dir: string | undefined;
let store: StationStore | undefined;
afterEach(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

describe('drill read calls', () => {
  it('lists the drill, its timeline and evaluation, and exports the files', async () => {
    nowMs = T0;
    dir = mkdtempSync(join(tmpdir(), 'duty-drills-api-'));
    store = openStationStore({
      path: join(dir, 'city.sqlite'),
      stationId: 'city-5001',
      jurisdiction: '5001',
      clock,
    });
    const api = drillsHandlers(store, { stationName: '重庆市应急管理局', clock });
    const scenarios = ok(await api.drillScenarios({}));
    expect(scenarios.map((s) => s.id)).toContain('hazchem-road-district');
    // The organiser's screen offers only stations of the level a script drills.
    expect(scenarios.find((s) => s.id === 'hazchem-road-district')?.drilledLevel).toBe('district');

    const drillId = newId();
    ok(
      store.execute(
        {
          id: newId(),
          type: 'drill.start',
          payload: { drillId, scenarioId: 'hazchem-road-district', drilled: ['500110'], mode: 'blind' },
        },
        leader,
      ),
    );
    const runner = startDrillRunner({
      store,
      now: clock,
      timers: { setTimeout: () => null, clearTimeout: () => undefined },
    });
    try {
      expect(runner.tick()).toBe(1);
    } finally {
      runner.stop();
    }
    nowMs = T0 + 5 * MINUTE;
    const list = ok(await api.drills({}));
    expect(list.drills).toHaveLength(1);
    expect(list.drills[0]).toMatchObject({
      id: drillId,
      status: 'running',
      mode: 'blind',
      drilled: ['500110'],
      clockMinutes: 5,
      deliveries: 1,
    });
    expect(list.drills[0].scenario?.id).toBe('hazchem-road-district');

    const timeline = ok(await api.drillTimeline({ drillId }));
    expect(timeline.lines).toHaveLength(1);
    expect(timeline.lines[0]).toMatchObject({ kind: 'inject', jurisdiction: '500110' });

    const running = ok(await api.drillEvaluation({ drillId }));
    expect(running.final).toBe(false);
    expect(running.rooms[0].actions.some((a) => a.outcome === 'pending' || a.outcome === 'missed')).toBe(
      true,
    );

    ok(store.execute({ id: newId(), type: 'drill.end', payload: { drillId, reason: '' } }, leader));
    const ended = ok(await api.drillEvaluation({ drillId }));
    expect(ended.final).toBe(true);
    expect(ended.drill.status).toBe('ended');
    const register = ended.rooms[0].actions.find((a) => a.type === 'register')!;
    expect(register.outcome).toBe('missed');
    expect(register.doneAt).toBeNull();
    expect(ended.findings).toBeNull();

    // The organiser's findings go on record; the evaluation returns them, for the pane to show.
    ok(
      store.execute(
        {
          id: newId(),
          type: 'drill.record_findings',
          payload: { drillId, findings: '接报登记未完成', recommendations: [{ text: '加强接报培训' }] },
        },
        leader,
      ),
    );
    const recorded = ok(await api.drillEvaluation({ drillId }));
    expect(recorded.findings).toMatchObject({
      text: '接报登记未完成',
      recommendations: [{ text: '加强接报培训' }],
    });
    expect(recorded.revisions).toEqual([]);

    const docx = ok(await api.exportDrillEvaluationDocx({ drillId, findings: '接报登记未完成' }));
    expect(docx.fileName).toMatch(/^演练-.*演练评估报告\.docx$/);
    expect(Buffer.from(docx.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    const xlsx = ok(await api.exportDrillTimelineXlsx({ drillId }));
    expect(xlsx.fileName).toMatch(/^演练-.*时间线\.xlsx$/);

    const missing = await api.drillEvaluation({ drillId: newId() });
    expect(missing.ok).toBe(false);
  });
});
