import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ReportContent } from '../domain/report';
import { applyChanges, diffContent, diffFacts, diffText, versionDiffs, versionTrail } from './diff';
import { cityOfficer, DutyRoomStory, landslideFacts, leader, officer } from './reports.testing';

const count = fc.integer({ min: 0, max: 1000 });
const text = fc.string({ maxLength: 40 });
const content: fc.Arbitrary<ReportContent> = fc.record(
  {
    unit: fc.string({ minLength: 1, maxLength: 20 }),
    time: text,
    place: text,
    summary: fc.string({ maxLength: 200 }),
    casualties: fc.record({ dead: count, injured: count, missing: count, trapped: count }),
    estimatedLossYuan: fc.integer({ min: 0, max: 1e9 }),
    cause: text,
    measures: text,
    nextSteps: text,
    reporter: fc.string({ minLength: 1, maxLength: 20 }),
    contact: text,
  },
  {
    requiredKeys: [
      'unit',
      'time',
      'place',
      'summary',
      'casualties',
      'cause',
      'measures',
      'nextSteps',
      'reporter',
      'contact',
    ],
  },
);

const base: ReportContent = {
  unit: '某区应急管理局',
  time: '2026年11月25日9时40分许',
  place: '某村三组',
  summary: '发生山体滑坡。冲毁民房2间。',
  casualties: { dead: 0, injured: 2, missing: 1, trapped: 0 },
  cause: '',
  measures: '',
  nextSteps: '及时续报。',
  reporter: '王明',
  contact: '023-12345678',
};

describe('field-level diff of report versions', () => {
  it('a version compared with itself shows no change', () => {
    fc.assert(fc.property(content, (c) => diffContent(c, structuredClone(c)).length === 0));
  });

  it('applying the changed fields to the old version gives the new one', () => {
    fc.assert(
      fc.property(content, content, (a, b) => {
        expect(applyChanges(a, diffContent(a, b))).toEqual(b);
      }),
    );
  });

  it('names each changed field with its value before and after, casualties one figure at a time', () => {
    const next = {
      ...base,
      casualties: { ...base.casualties, dead: 1 },
      estimatedLossYuan: 50_000,
      cause: '强降雨',
    };
    expect(diffContent(base, next)).toEqual([
      { field: 'casualties.dead', before: 0, after: 1 },
      { field: 'estimatedLossYuan', before: undefined, after: 50_000 },
      { field: 'cause', before: '', after: '强降雨' },
    ]);
  });

  it('inside long text, shows which sentences were added and removed', () => {
    expect(diffText('发生山体滑坡。冲毁民房2间。', '发生山体滑坡。冲毁民房3间。1人失联。')).toEqual([
      { op: 'same', text: '发生山体滑坡。' },
      { op: 'removed', text: '冲毁民房2间。' },
      { op: 'added', text: '冲毁民房3间。1人失联。' },
    ]);
  });

  it('text diff keeps every character of both versions', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const segs = diffText(a, b);
        expect(
          segs
            .filter((s) => s.op !== 'added')
            .map((s) => s.text)
            .join(''),
        ).toBe(a);
        expect(
          segs
            .filter((s) => s.op !== 'removed')
            .map((s) => s.text)
            .join(''),
        ).toBe(b);
      }),
    );
  });
});

describe('incident facts diff', () => {
  it('names the level, figures and situation that changed', () => {
    const before = landslideFacts('2026-11-25T01:52:00.000Z');
    const after = {
      ...before,
      level: 'III' as const,
      casualties: { ...before.casualties, missing: 0 },
      description: '已找到',
    };
    expect(diffFacts(before, after).map((c) => c.field)).toEqual([
      'level',
      'casualties.missing',
      'description',
    ]);
    expect(diffFacts(before, structuredClone(before))).toEqual([]);
  });
});

describe('version trail of a report', () => {
  it('shows every version with its diff, author, the return comment, the approver and the receipt', () => {
    const story = new DutyRoomStory('2026-11-25T01:52:00.000Z');
    story.register(landslideFacts('2026-11-25T01:52:00.000Z'));
    const [drafted] = story.run('report.draft', {
      incidentId: story.incidentId,
      kind: 'initial',
      channel: 'written',
      content: base,
    });
    const reportId = drafted.stream.slice('report:'.length);
    story.advance(2).run('report.submit', { reportId });
    story.advance(3).run('report.return', { reportId, comment: '补充失联人员情况' }, leader);
    story
      .advance(4)
      .run('report.revise', {
        reportId,
        content: { ...base, summary: `${base.summary}1人失联，正在搜救。` },
      });
    story.advance(1).run('report.submit', { reportId });
    story.advance(2).run('report.approve', { reportId }, leader);
    story.advance(1).run('report.send', { reportId, addressedTo: '5001' });
    story.advance(7).run('report.acknowledge', { reportId }, cityOfficer, '5001');

    const trail = versionTrail(story.reportEvents(reportId));
    expect(trail).toHaveLength(2);
    const [v1, v2] = trail;
    expect(v1).toMatchObject({
      version: 1,
      authoredBy: officer.id,
      authoredByName: '王明',
      authoredAt: '2026-11-25T01:52:00.000Z',
      changes: [],
    });
    expect(v1.actions.map((a) => a.type)).toEqual(['submitted', 'returned']);
    expect(v1.actions[1]).toMatchObject({
      by: leader.id,
      comment: '补充失联人员情况',
      at: '2026-11-25T01:57:00.000Z',
    });
    expect(v1.approvedBy).toBeUndefined();

    expect(v2.changes.map((c) => c.field)).toEqual(['summary']);
    expect(v2).toMatchObject({ approvedBy: leader.id, approvedAt: '2026-11-25T02:04:00.000Z' });
    expect(v2.actions.map((a) => a.type)).toEqual(['submitted', 'approved', 'sent', 'received']);
    expect(v2.actions[3]).toMatchObject({ by: cityOfficer.id, at: '2026-11-25T02:12:00.000Z' });

    // From the projection alone the approval lands on the same version.
    const fromProjection = versionDiffs(story.reports.get(reportId)!);
    expect(fromProjection.map((v) => v.approvedBy)).toEqual([undefined, leader.id]);
    expect(fromProjection[1].changes).toEqual(v2.changes);
  });
});
