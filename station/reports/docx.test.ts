import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import type { ReportContent } from '../../shared/domain/report';
import { draftFromIncident } from '../../shared/reports/draft';
import { layoutReport, type SpecialReportMeta } from '../../shared/reports/layout';
import { DutyRoomStory, landslideFacts } from '../../shared/reports/reports.testing';
import { reportDocx, writeReportDocx } from './docx';

/** The document's paragraphs as plain text, read from word/document.xml the way Word would show them. */
async function docxParagraphs(bytes: Buffer | Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')?.async('string');
  if (!xml) throw new Error('no word/document.xml in the package');
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
      .map((m) => (m[1] === undefined ? '\t' : unescape(m[1])))
      .join(''),
  );
}

const station = {
  unit: '某区应急管理局',
  reporter: '王明',
  contact: '023-12345678',
  placeName: () => '某区某镇',
};
const meta: SpecialReportMeta = { subject: '某镇山体滑坡', issueNumber: 12, approverName: '李强' };

function signedFirstReport(content?: ReportContent) {
  const story = new DutyRoomStory('2026-11-25T01:52:00.000Z');
  const incident = story.register(landslideFacts('2026-11-25T01:52:00.000Z'));
  const drafted = draftFromIncident('initial', incident, [], station, story.advance(10).now, {
    measures: ['派出区综合救援队20人赶赴现场'],
  });
  if (!drafted.ok) throw new Error('draft refused');
  return story.issue('initial', content ?? drafted.value);
}

function layoutOf(...args: Parameters<typeof layoutReport>) {
  const r = layoutReport(...args);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('.docx export of a report (信息专报)', () => {
  it('opens as a Word package whose text carries title, unit, 签发 line, casualties and reporter', async () => {
    const report = signedFirstReport();
    const text = await docxParagraphs(await reportDocx(layoutOf(report, meta)));
    expect(text[0]).toBe('信息专报');
    expect(text[1]).toBe('第12期');
    expect(text[2]).toBe('某区应急管理局\t签发人：李强');
    expect(text[3]).toBe('2026年11月25日');
    expect(text).toContain('关于某镇山体滑坡的首报');
    expect(text).toContain('一、基本情况');
    expect(text).toContain('发生地点：某区某镇某村三组');
    expect(text).toContain('二、人员伤亡及损失情况');
    expect(text).toContain('死亡0人，受伤2人，失联1人，被困0人。');
    expect(text).toContain('派出区综合救援队20人赶赴现场。');
    // The footer, then the 签发 line for upload or fax (issue 19): who signed and when.
    expect(text.slice(-2)).toEqual(['报告人：王明\u3000\u3000联系电话：023-12345678', '签发：李强\u30002026年11月25日10时10分']);
    expect(text.join('\n')).not.toContain('草稿');
  });

  it('reads back the same text through an independent .docx reader (mammoth)', async () => {
    const bytes = await reportDocx(layoutOf(signedFirstReport(), meta));
    const { value, messages } = await mammoth.extractRawText({ buffer: bytes });
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    for (const line of [
      '信息专报',
      '第12期',
      '签发人：李强',
      '关于某镇山体滑坡的首报',
      '死亡0人，受伤2人，失联1人，被困0人。',
    ]) {
      expect(value).toContain(line);
    }
  });

  it('keeps markup-like characters in report text as text', async () => {
    const story = new DutyRoomStory('2026-11-25T01:52:00.000Z');
    const incident = story.register(landslideFacts('2026-11-25T01:52:00.000Z'));
    const drafted = draftFromIncident('initial', incident, [], station, story.now);
    if (!drafted.ok) throw new Error('draft refused');
    const report = story.issue('initial', { ...drafted.value, cause: '疑似<排水沟>堵塞 & 边坡"失稳"' });
    const text = await docxParagraphs(await reportDocx(layoutOf(report, meta)));
    expect(text).toContain('疑似<排水沟>堵塞 & 边坡"失稳"');
  });

  it('marks an unsigned draft as such, with no signer', async () => {
    const story = new DutyRoomStory('2026-11-25T01:52:00.000Z');
    const incident = story.register(landslideFacts('2026-11-25T01:52:00.000Z'));
    const drafted = draftFromIncident('initial', incident, [], station, story.now);
    if (!drafted.ok) throw new Error('draft refused');
    story.run('report.draft', {
      incidentId: incident.id,
      kind: 'initial',
      channel: 'written',
      content: drafted.value,
    });
    const report = [...story.reports.values()][0];
    const text = await docxParagraphs(await reportDocx(layoutOf(report, meta)));
    expect(text[0]).toBe('草稿，未签发（第1版）');
    expect(text).toContain('某区应急管理局\t签发人：（未签发）');
  });

  it('writes the file under its name only once complete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'duty-room-docx-'));
    dirs.push(dir);
    const path = join(dir, '信息专报第12期.docx');
    await writeReportDocx(path, layoutOf(signedFirstReport(), meta));
    const text = await docxParagraphs(await readFile(path));
    expect(text).toContain('关于某镇山体滑坡的首报');
  });
});
