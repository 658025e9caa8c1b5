import { describe, expect, it } from 'vitest';
import type { Report } from '../domain/report';
import { draftFromIncident, factsAsOf, previousReportOf, type ReportingStation } from './draft';
import { DutyRoomStory, landslideFacts } from './reports.testing';

const station: ReportingStation = {
  unit: '某区应急管理局',
  reporter: '王明',
  contact: '023-12345678',
  placeName: (code) => ({ '500101001': '某区某镇' })[code],
};

const RECEIVED = '2026-11-25T01:52:00.000Z'; // 09:52 Beijing time

function draftOrThrow(...args: Parameters<typeof draftFromIncident>) {
  const r = draftFromIncident(...args);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function storyWithInitialSent() {
  const story = new DutyRoomStory(RECEIVED);
  const incident = story.register(landslideFacts(RECEIVED));
  story.advance(10);
  const content = draftOrThrow('initial', incident, [], station, story.now);
  const initial = story.issue('initial', content);
  return { story, initial };
}

describe('drafting the first report (首报)', () => {
  it('states time, place, what happened, casualties with the missing, and who reports', () => {
    const story = new DutyRoomStory(RECEIVED);
    const incident = story.register(landslideFacts(RECEIVED));
    const c = draftOrThrow('initial', incident, [], station, story.now);
    expect(c.unit).toBe('某区应急管理局');
    expect(c.time).toBe('2026年11月25日9时40分许');
    expect(c.place).toBe('某区某镇某村三组');
    expect(c.summary).toContain(
      '2026年11月25日9时40分许，某区某镇某村三组发生一起山体滑坡，初判为一般灾害。',
    );
    expect(c.summary).toContain('2026年11月25日9时52分，某区应急管理局接到电话报告。');
    expect(c.summary).toContain('强降雨引发山体滑坡，冲毁民房2间。');
    expect(c.summary).toContain('目前已造成2人受伤、1人失联，受影响群众30人。');
    expect(c.casualties).toEqual({ dead: 0, injured: 2, missing: 1, trapped: 0 });
    expect(c.reporter).toBe('王明');
    expect(c.contact).toBe('023-12345678');
  });

  it('lists the measures it is given and invents none when given none', () => {
    const story = new DutyRoomStory(RECEIVED);
    const incident = story.register(landslideFacts(RECEIVED));
    expect(draftOrThrow('initial', incident, [], station, story.now).measures).toBe('');
    const withMeasures = draftOrThrow('initial', incident, [], station, story.now, {
      measures: ['派出区综合救援队20人赶赴现场', '疏散周边群众30人；'],
    });
    expect(withMeasures.measures).toBe('1. 派出区综合救援队20人赶赴现场。\n2. 疏散周边群众30人。');
  });

  it('is refused with a field error when the station has no unit name configured', () => {
    const story = new DutyRoomStory(RECEIVED);
    const incident = story.register(landslideFacts(RECEIVED));
    const r = draftFromIncident('initial', incident, [], { ...station, unit: '  ' }, story.now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toContain('content.unit');
  });
});

describe('drafting a follow-up (续报)', () => {
  it('is refused when there is no earlier report to follow', () => {
    const story = new DutyRoomStory(RECEIVED);
    const incident = story.register(landslideFacts(RECEIVED));
    const r = draftFromIncident('follow_up', incident, [], station, story.now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'previousReports' });
  });

  it('states only what changed since the first report and does not repeat the opening account', () => {
    const { story, initial } = storyWithInitialSent();
    story.advance(40).run('incident.update_facts', {
      incidentId: story.incidentId,
      changes: {
        casualties: { dead: 1, injured: 2, missing: 0, trapped: 0 },
        level: 'III',
        affectedPeople: 45,
      },
    });
    story.advance(20);
    const atPrevious = factsAsOf(story.incidentEvents(), Date.parse(initial.sentAt!));
    const c = draftOrThrow('follow_up', story.incident!, [...story.reports.values()], station, story.now, {
      factsAtPrevious: atPrevious!,
    });
    expect(c.summary).toMatch(/^截至2026年11月25日11时11分，首报报送后有以下新情况：/);
    expect(c.summary).toContain('事件等级由一般调整为较大');
    expect(c.summary).toContain('受影响群众由30人增至45人');
    expect(c.summary).toContain('死亡人数由0人增至1人');
    expect(c.summary).toContain('失联人数由1人减至0人');
    expect(c.summary).not.toContain('受伤人数');
    expect(c.summary).not.toContain('发生一起山体滑坡');
    // The figures field carries the current totals, as the regulation asks.
    expect(c.casualties).toEqual({ dead: 1, injured: 2, missing: 0, trapped: 0 });
  });

  it('compares against the previous follow-up, not the first report', () => {
    const { story } = storyWithInitialSent();
    story.advance(30).run('incident.update_facts', {
      incidentId: story.incidentId,
      changes: { casualties: { dead: 1, injured: 2, missing: 0, trapped: 0 } },
    });
    const first = draftOrThrow('follow_up', story.incident!, [...story.reports.values()], station, story.now);
    const followUp1 = story.issue('follow_up', first);
    expect(followUp1.sequence).toBe(1);
    story.advance(30).run('incident.update_facts', {
      incidentId: story.incidentId,
      changes: { casualties: { dead: 2, injured: 2, missing: 0, trapped: 0 } },
    });
    const reports = [...story.reports.values()];
    expect(previousReportOf(reports)?.id).toBe(followUp1.id);
    const second = draftOrThrow('follow_up', story.incident!, reports, station, story.now);
    expect(second.summary).toContain('续报一报送后有以下新情况');
    expect(second.summary).toContain('死亡人数由1人增至2人');
    expect(second.summary).not.toContain('失联');
  });

  it('says plainly that nothing changed when nothing did', () => {
    const { story } = storyWithInitialSent();
    story.advance(60);
    const c = draftOrThrow('follow_up', story.incident!, [...story.reports.values()], station, story.now);
    expect(c.summary).toBe('截至2026年11月25日11时11分，与首报相比，人员伤亡等情况无新变化。');
  });

  it('names only the newly appended part of the situation text', () => {
    const { story, initial } = storyWithInitialSent();
    story.advance(15).run('incident.update_facts', {
      incidentId: story.incidentId,
      changes: { description: '强降雨引发山体滑坡，冲毁民房2间。失联人员已找到，轻微擦伤' },
    });
    const c = draftOrThrow('follow_up', story.incident!, [...story.reports.values()], station, story.now, {
      factsAtPrevious: factsAsOf(story.incidentEvents(), Date.parse(initial.sentAt!))!,
    });
    expect(c.summary).toContain('新情况：失联人员已找到，轻微擦伤');
    expect(c.summary).not.toContain('冲毁民房');
  });

  it('mentions the start of the response when it came after the previous report', () => {
    const { story } = storyWithInitialSent();
    story.advance(5).run('incident.start_response', { incidentId: story.incidentId });
    const c = draftOrThrow('follow_up', story.incident!, [...story.reports.values()], station, story.now);
    expect(c.summary).toContain('2026年11月25日10时16分已启动应急处置');
  });
});

describe('drafting the final report (终报)', () => {
  it('sums up course, final casualties, reports made, carried-forward cause and measures, and aftermath steps', () => {
    const { story } = storyWithInitialSent();
    story.advance(5).run('incident.start_response', { incidentId: story.incidentId });
    const fu = draftOrThrow('follow_up', story.incident!, [...story.reports.values()], station, story.now, {
      measures: ['搜救出失联人员1人'],
      cause: '连续强降雨致边坡失稳',
    });
    story.issue('follow_up', fu);
    story.advance(120).run('incident.close', { incidentId: story.incidentId, summary: '受损民房已完成排危' });
    const reports: Report[] = [...story.reports.values()];
    const c = draftOrThrow('final', story.incident!, reports, station, story.now, {
      closingSummary: '受损民房已完成排危',
      measures: ['转移安置群众30人'],
    });
    expect(c.summary).toContain('某区某镇某村三组发生一起山体滑坡（一般）');
    expect(c.summary).toContain('2026年11月25日9时52分接报后，2026年11月25日10时16分启动应急处置');
    expect(c.summary).toContain('现场处置结束');
    expect(c.summary).toContain('期间已报送首报、续报1次');
    expect(c.summary).toContain('受损民房已完成排危。');
    expect(c.cause).toBe('连续强降雨致边坡失稳');
    // What the follow-up reported first, then what was done since.
    expect(c.measures).toBe('搜救出失联人员1人。\n转移安置群众30人。');
    expect(c.nextSteps).toMatch(/善后.*重建.*评估/);
  });
});

describe('drafting a casualty verification report (核报)', () => {
  it('after the final report, states the verified change against it', () => {
    const { story } = storyWithInitialSent();
    story.advance(60).run('incident.close', { incidentId: story.incidentId, summary: '' });
    const fin = draftOrThrow('final', story.incident!, [...story.reports.values()], station, story.now);
    story.issue('final', fin);
    story.advance(3 * 24 * 60).run('incident.update_facts', {
      incidentId: story.incidentId,
      changes: { casualties: { dead: 1, injured: 2, missing: 0, trapped: 0 } },
    });
    const c = draftOrThrow('supplementary', story.incident!, [...story.reports.values()], station, story.now);
    expect(c.summary).toMatch(/^经核实，截至2026年11月28日11时20分，终报报送后有以下新情况：/);
    expect(c.summary).toContain('死亡人数由0人增至1人');
    expect(c.summary).toContain('失联人数由1人减至0人');
  });
});
