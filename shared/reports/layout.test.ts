import { describe, expect, it } from 'vitest';
import type { ReportContent } from '../domain/report';
import { layoutReport, type SpecialReportLayout } from './layout';
import { escapeHtml, printViewHtml } from './printView';
import { DutyRoomStory, landslideFacts, leader } from './reports.testing';

const content: ReportContent = {
  unit: '某区应急管理局',
  time: '2026年11月25日9时40分许',
  place: '某区某镇某村三组',
  summary: '2026年11月25日9时40分许，某区某镇某村三组发生一起山体滑坡。\n目前已造成2人受伤、1人失联。',
  casualties: { dead: 0, injured: 2, missing: 1, trapped: 0 },
  cause: '',
  measures: '1. 派出区综合救援队20人赶赴现场。',
  nextSteps: '有关情况及时续报。',
  reporter: '王明',
  contact: '023-12345678',
};

function layoutOrThrow(...args: Parameters<typeof layoutReport>): SpecialReportLayout {
  const r = layoutReport(...args);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function story() {
  const s = new DutyRoomStory('2026-11-25T01:52:00.000Z');
  s.register(landslideFacts('2026-11-25T01:52:00.000Z'));
  return s;
}

describe('信息专报 layout', () => {
  it('a signed first report carries masthead, issue number, unit, 签发人, date, title and numbered sections', () => {
    const s = story();
    const report = s.advance(10).issue('initial', content);
    const l = layoutOrThrow(report, { subject: '某镇山体滑坡', issueNumber: 12, approverName: '李强' });
    expect(l).toMatchObject({
      masthead: '信息专报',
      issueLine: '第12期',
      unit: '某区应急管理局',
      signerLine: '签发人：李强',
      date: '2026年11月25日',
      title: '关于某镇山体滑坡的首报',
      footer: '报告人：王明　　联系电话：023-12345678',
      draft: false,
    });
    expect(l.sections.map((x) => x.heading)).toEqual([
      '一、基本情况',
      '二、人员伤亡及损失情况',
      '三、已采取的措施',
      '四、下一步工作',
    ]);
    expect(l.sections[0].paragraphs.slice(0, 2)).toEqual([
      '发生时间：2026年11月25日9时40分许',
      '发生地点：某区某镇某村三组',
    ]);
    expect(l.sections[1].paragraphs).toEqual([
      '死亡0人，受伤2人，失联1人，被困0人。',
      '直接经济损失正在核实中。',
    ]);
  });

  it('an unsigned written report is laid out as a draft with no signer', () => {
    const s = story();
    s.run('report.draft', { incidentId: s.incidentId, kind: 'initial', channel: 'written', content });
    const report = [...s.reports.values()][0];
    const l = layoutOrThrow(report, { subject: '某镇山体滑坡', approverName: '李强' });
    expect(l.draft).toBe(true);
    expect(l.signerLine).toBe('签发人：（未签发）');
    expect(l.issueLine).toBe('第　期');
  });

  it('an earlier version is shown unsigned even when a later one was signed', () => {
    const s = story();
    const [d] = s.run('report.draft', {
      incidentId: s.incidentId,
      kind: 'initial',
      channel: 'written',
      content,
    });
    const reportId = d.stream.slice('report:'.length);
    s.advance(2).run('report.revise', { reportId, content: { ...content, cause: '连续强降雨' } });
    s.advance(2).run('report.submit', { reportId });
    s.advance(2).run('report.approve', { reportId }, leader);
    const report = s.reports.get(reportId)!;
    expect(layoutOrThrow(report, { subject: '某镇山体滑坡', version: 1 })).toMatchObject({
      draft: true,
      version: 1,
    });
    const v2 = layoutOrThrow(report, { subject: '某镇山体滑坡', approverName: '李强' });
    expect(v2).toMatchObject({ draft: false, version: 2, signerLine: '签发人：李强' });
    expect(v2.sections.map((x) => x.heading)).toContain('三、事件原因');
  });

  it('a follow-up does not repeat time and place, and a final report names its aftermath section', () => {
    const s = story();
    s.advance(10).issue('initial', content);
    const fu = s.issue('follow_up', { ...content, summary: '截至11时，失联人员已找到。' });
    const l = layoutOrThrow(fu, { subject: '某镇山体滑坡' });
    expect(l.title).toBe('关于某镇山体滑坡的续报一');
    expect(l.sections[0]).toEqual({ heading: '一、最新情况', paragraphs: ['截至11时，失联人员已找到。'] });
    const fin = s.issue('final', content);
    const lf = layoutOrThrow(fin, { subject: '某镇山体滑坡' });
    expect(lf.title).toBe('关于某镇山体滑坡的终报');
    expect(lf.sections.map((x) => x.heading)).toEqual([
      '一、事件概况',
      '二、人员伤亡及损失情况',
      '三、应急处置情况',
      '四、下一步工作（善后、重建、评估）',
    ]);
  });

  it('is refused for a version that does not exist or a bad issue number', () => {
    const s = story();
    const report = s.advance(10).issue('initial', content);
    const missing = layoutReport(report, { subject: 'x', version: 7 });
    expect(missing.ok || missing.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'version' });
    const badNumber = layoutReport(report, { subject: 'x', issueNumber: 0 });
    expect(badNumber.ok || badNumber.errors[0]).toMatchObject({
      code: 'INVALID_FIELD',
      field: 'issueNumber',
    });
  });
});

describe('print view', () => {
  it('escapes report text so content from users or other stations cannot become markup', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
    );
    const s = story();
    const hostile = { ...content, summary: '<script>alert(1)</script>冲毁民房', reporter: '王明"><b>' };
    const report = s.advance(10).issue('initial', hostile);
    const html = printViewHtml(layoutOrThrow(report, { subject: '某镇<山体>滑坡', approverName: '李强' }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;冲毁民房');
    expect(html).toContain('<title>关于某镇&lt;山体&gt;滑坡的首报</title>');
  });

  it('shows the masthead, 签发人 line, sections and reporter line, and marks a draft', () => {
    const s = story();
    const signed = printViewHtml(
      layoutOrThrow(s.advance(10).issue('initial', content), {
        subject: '某镇山体滑坡',
        issueNumber: 3,
        approverName: '李强',
      }),
    );
    for (const text of [
      '信息专报',
      '第3期',
      '签发人：李强',
      '一、基本情况',
      '死亡0人，受伤2人，失联1人，被困0人。',
      '报告人：王明',
    ]) {
      expect(signed).toContain(text);
    }
    expect(signed).not.toContain('草稿');
    s.run('report.draft', { incidentId: s.incidentId, kind: 'final', channel: 'written', content });
    const draft = [...s.reports.values()].find((r) => r.kind === 'final')!;
    expect(printViewHtml(layoutOrThrow(draft, { subject: '某镇山体滑坡' }))).toContain(
      '草稿　未签发（第1版）',
    );
  });
});
