import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../../shared/ids';
import { MINUTE } from '../../shared/time';
import { openStationStore, type StationStore } from '../store/index';
import { leader, officer } from '../store/store.testing';
import { startDrillRunner } from './runner';
import { annualDrillPlanHandlers } from '../api/annualDrillPlan';
import { exportReportDocx, reportLayout } from '../reports/service';

/**
 * 演练评估 and 年度演练计划 on a real store (issue 22): the district holds an announced drill on itself,
 * records findings and recommendations once it ended, and a recommendation that names a plan opens a new
 * version of it whose history says which drill and recommendation it came from — once. The annual plan
 * shows the drill as held, beside what the station planned.
 */
const T0 = Date.parse('2026-07-10T02:00:00.000Z');
let nowMs = T0;
const clock = () => nowMs;
let dir: string;
let store: StationStore;

beforeEach(() => {
  nowMs = T0;
  dir = mkdtempSync(join(tmpdir(), 'duty-drill-findings-'));
  store = openStationStore({
    path: join(dir, 'district.sqlite'),
    stationId: 'district-500110',
    jurisdiction: '500110',
    clock,
  });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (type: string, payload: Record<string, unknown>, id = newId()) =>
  store.execute({ id, type, payload }, leader);
const codes = (r: { ok: boolean; errors?: Array<{ code: string }> }) =>
  r.ok ? [] : (r.errors ?? []).map((e) => e.code);
const ok = <T>(r: { ok: true; value: T } | { ok: false; errors: unknown[] }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

function heldDrill(): string {
  const drillId = newId();
  ok(
    run('drill.start', {
      drillId,
      scenarioId: 'hazchem-road-district',
      drilled: ['500110'],
      mode: 'announced',
    }),
  );
  const runner = startDrillRunner({
    store,
    now: clock,
    timers: { setTimeout: () => null, clearTimeout: () => undefined },
  });
  try {
    runner.tick();
  } finally {
    runner.stop();
  }
  return drillId;
}

describe('findings and recommendations (演练评估)', () => {
  it('are recorded on an ended drill only, and a recommendation opens a plan revision that says where it came from', () => {
    const drillId = heldDrill();
    const findings = {
      drillId,
      findings: '首报超时 12 分钟；危化品专家联络不畅。',
      recommendations: [
        { text: '修订安全生产事故预案：增加危化品专家组联络方式', planId: 'work-safety-district' },
        { text: '加强值班员首报培训' },
      ],
    };
    expect(codes(run('drill.record_findings', findings))).toEqual(['DRILL_NOT_ENDED']);
    nowMs += 30 * MINUTE;
    ok(run('drill.end', { drillId, reason: '演练结束' }));
    // Only the organiser's officers record them; an officer of the organiser may.
    ok(store.execute({ id: newId(), type: 'drill.record_findings', payload: findings }, officer));
    expect(store.drills.byId(drillId)?.findings?.recommendations).toHaveLength(2);

    const before = store.plan('work-safety-district');
    expect(before?.version).toBe(1);
    // A recommendation without a plan opens nothing; one past the list is not found.
    expect(codes(run('drill.open_plan_revision', { drillId, recommendation: 1 }))).toEqual(['INVALID_FIELD']);
    expect(codes(run('drill.open_plan_revision', { drillId, recommendation: 5 }))).toEqual(['NOT_FOUND']);

    const commandId = newId();
    const opened = ok(run('drill.open_plan_revision', { drillId, recommendation: 0 }, commandId));
    expect(opened.map((e) => e.type)).toEqual(['hq_plan.saved', 'drill.plan_revision_opened']);
    expect(store.plan('work-safety-district')?.version).toBe(2);
    const history = store.planHistory('work-safety-district');
    expect(history?.saves).toEqual([
      expect.objectContaining({
        version: 2,
        origin: { drillId, recommendation: 0, text: findings.recommendations[0].text },
      }),
    ]);
    expect(store.drills.byId(drillId)?.revisions).toEqual([
      expect.objectContaining({ recommendation: 0, planId: 'work-safety-district', planVersion: 2 }),
    ]);
    // The same command again is answered, not done twice; a second revision from it is refused.
    const again = run('drill.open_plan_revision', { drillId, recommendation: 0 }, commandId);
    expect(again.ok).toBe(true);
    expect(store.planHistory('work-safety-district')?.saves).toHaveLength(1);
    expect(codes(run('drill.open_plan_revision', { drillId, recommendation: 0 }))).toEqual([
      'ALREADY_EXISTS',
    ]);
  });

  it('a plan edited with the revision is saved as the new version, still with its origin', () => {
    const drillId = heldDrill();
    ok(run('drill.end', { drillId }));
    ok(
      run('drill.record_findings', {
        drillId,
        recommendations: [{ text: '缩短指挥部报到时限', planId: 'work-safety-district' }],
      }),
    );
    const edited = structuredClone(store.plan('work-safety-district')!);
    edited.title = { zh: `${edited.title.zh}（演练后修订）`, en: `${edited.title.en} (revised after drill)` };
    ok(run('drill.open_plan_revision', { drillId, recommendation: 0, plan: edited }));
    expect(store.plan('work-safety-district')?.title.zh).toContain('演练后修订');
    expect(store.planHistory('work-safety-district')?.saves[0]?.origin?.drillId).toBe(drillId);
  });
});

describe('annual drill plan (年度演练计划)', () => {
  it('shows what the station planned and the drills it held this year', async () => {
    const api = annualDrillPlanHandlers(store, { jurisdiction: '500110', clock, townships: () => [] });
    const entryId = newId();
    ok(run('drill_plan.save_entry', { entryId, year: 2026, kind: 'comprehensive', month: 9 }));
    ok(
      run('drill_plan.save_entry', {
        year: 2026,
        kind: 'special',
        month: 6,
        scenarioId: 'hazchem-road-district',
      }),
    );
    expect(codes(run('drill_plan.save_entry', { year: 2025, kind: 'special', month: 6 }))).toEqual([
      'INVALID_FIELD',
    ]);
    let plan = ok(await api.annualDrillPlan({}));
    expect(plan.year).toBe(2026);
    expect(plan.planned.map((e) => [e.kind, e.month])).toEqual([
      ['comprehensive', 9],
      ['special', 6],
    ]);
    expect(plan.held).toEqual([]);

    const drillId = heldDrill();
    ok(run('drill.end', { drillId }));
    ok(run('drill_plan.remove_entry', { entryId }));
    expect(codes(run('drill_plan.remove_entry', { entryId }))).toEqual(['NOT_FOUND']);
    plan = ok(await api.annualDrillPlan({}));
    expect(plan.planned.map((e) => e.kind)).toEqual(['special']);
    expect(plan.held).toEqual([
      expect.objectContaining({
        drillId,
        kind: 'special',
        organiser: '500110',
        title: { zh: expect.any(String) as string, en: expect.any(String) as string },
      }),
    ]);
    // Another year holds none of it.
    const next = ok(await api.annualDrillPlan({ year: 2027 }));
    expect([next.planned, next.held]).toEqual([[], []]);
  });
});

describe('exports of drill records (leak: a file without the 演练 mark)', () => {
  function draft(incidentId: string): string {
    const reportId = newId();
    ok(
      store.execute(
        {
          id: newId(),
          type: 'report.draft',
          payload: {
            reportId,
            incidentId,
            kind: 'initial',
            channel: 'written',
            content: {
              unit: '区应急管理局',
              time: '刚才',
              place: '高速',
              summary: '书面首报',
              casualties: {},
              reporter: '值班员',
              contact: '023-1',
            },
          },
        },
        officer,
      ),
    );
    return reportId;
  }
  const marked = async (reportId: string) => {
    const layout = ok(reportLayout(store, reportId));
    const file = ok(await exportReportDocx(store, reportId));
    return [layout.masthead.includes('演练'), layout.title.includes('演练'), file.fileName.includes('演练')];
  };

  it('a drill incident’s report, tagged or linked afterwards, is marked 演练 in masthead, title and file name; a real one is not', async () => {
    const drillId = heldDrill();
    const facts = store.drills.byId(drillId)!.deliveries[0].facts!;
    const tagged = newId();
    ok(
      store.execute(
        {
          id: newId(),
          type: 'incident.register',
          payload: { incidentId: tagged, facts, fromInject: { drillId, injectKey: 'tanker_call' } },
        },
        officer,
      ),
    );
    const byHand = newId();
    ok(
      store.execute(
        { id: newId(), type: 'incident.register', payload: { incidentId: byHand, facts } },
        officer,
      ),
    );
    const taggedReport = draft(tagged);
    const handReport = draft(byHand);
    expect(await marked(taggedReport)).toEqual([true, true, true]);
    // Registered by hand: real, and its file says nothing of a drill…
    expect(await marked(handReport)).toEqual([false, false, false]);
    // …until the organiser links it to the drill.
    ok(run('drill.link_incident', { drillId, incidentId: byHand, injectKey: 'tanker_call' }));
    expect(await marked(handReport)).toEqual([true, true, true]);
  });
});
