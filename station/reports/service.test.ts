import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import type { Actor } from '../../shared/domain/common';
import type { IncidentFacts } from '../../shared/domain/incident';
import type { ReportContent } from '../../shared/domain/report';
import { newId } from '../../shared/ids';
import { MINUTE, toMs } from '../../shared/time';
import { defaultRuleProfile } from '../../shared/rules/profile';
import { cityOfficer, landslideFacts, leader, officer } from '../../shared/reports/reports.testing';
import { openStationStore, type StationStore } from '../store/index';
import { ExportedFile, TimelinessStatsWire, VersionEntryWire } from '../../shared/reports/schemas';
import {
  DOCX_MEDIA_TYPE,
  draftReport,
  exportReportDocx,
  exportTimelinessXlsx,
  reportPrintView,
  reportTrail,
  timelinessFromLog,
  toExportedFile,
  XLSX_MEDIA_TYPE,
} from './service';

const station = {
  unit: '某区应急管理局',
  reporter: '王明',
  contact: '023-12345678',
  placeName: () => '某区某镇',
};

const RECEIVED = '2026-11-25T01:52:00.000Z'; // 09:52 China time
let dir: string;
let now: number;
let hubSeq: number;
let district: StationStore;
let city: StationStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'station-reports-'));
  now = toMs(RECEIVED);
  hubSeq = 0;
  district = openStationStore({
    path: join(dir, 'district.db'),
    stationId: 'district-500101',
    jurisdiction: '500101',
    clock: () => now,
  });
  city = openStationStore({
    path: join(dir, 'city.db'),
    stationId: 'city-5001',
    jurisdiction: '5001',
    clock: () => now,
  });
});
afterEach(() => {
  district.close();
  city.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(store: StationStore, type: string, payload: unknown, actor: Actor = officer) {
  const r = store.execute({ id: newId(now), type, payload }, actor);
  if (!r.ok) throw new Error(`${type} refused: ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** What the hub does, in miniature: number the sender's pending events and hand them to the receiver. */
function relay(from: StationStore, to: StationStore) {
  const pending = from.outboxPending(1000).map((e) => ({ ...e, hubSeq: ++hubSeq }));
  const outcome = to.ingestRemote(pending);
  expect(outcome.rejected).toEqual([]);
  from.markDelivered(pending.map((e) => ({ id: e.id, hubSeq: e.hubSeq })));
}

// The landslide the report tests share, at level III (that helper's default is IV).
const facts: IncidentFacts = { ...landslideFacts(RECEIVED), level: 'III' };

function draftOrThrow(kind: 'initial' | 'follow_up' | 'final', incidentId: string): ReportContent {
  const r = draftReport(district, { incidentId, kind }, station, now);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** Register, dispatch a team, draft the first report from the record, sign and send it; the city acknowledges. */
function firstReportRoundTrip(sendAfterMin: number) {
  const incidentId = newId(now);
  run(district, 'incident.register', { incidentId, facts });
  run(district, 'team.register', {
    team: {
      id: 'rescue-1',
      name: '某区综合应急救援大队',
      kind: 'comprehensive',
      jurisdiction: '500101',
      headcount: 20,
      base: { lon: 106.5, lat: 29.5 },
    },
  });
  now += 3 * MINUTE;
  run(district, 'dispatch.issue', { teamId: 'rescue-1', incidentId });
  now += (sendAfterMin - 5) * MINUTE;
  const reportId = newId(now);
  run(district, 'report.draft', {
    reportId,
    incidentId,
    kind: 'initial',
    channel: 'written',
    content: draftOrThrow('initial', incidentId),
  });
  run(district, 'report.submit', { reportId });
  now += 1 * MINUTE;
  run(district, 'report.approve', { reportId }, leader);
  now += 1 * MINUTE;
  run(district, 'report.send', { reportId, addressedTo: '5001' });
  relay(district, city);
  now += 4 * MINUTE;
  run(city, 'report.acknowledge', { reportId }, cityOfficer);
  relay(city, district);
  return { incidentId, reportId };
}

describe('report services over real station stores', () => {
  it('drafts the first report from the record, including the team dispatched', () => {
    const incidentId = newId(now);
    run(district, 'incident.register', { incidentId, facts });
    run(district, 'team.register', {
      team: {
        id: 'rescue-1',
        name: '某区综合应急救援大队',
        kind: 'comprehensive',
        jurisdiction: '500101',
        headcount: 20,
        base: { lon: 106.5, lat: 29.5 },
      },
    });
    now += 3 * MINUTE;
    run(district, 'dispatch.issue', { teamId: 'rescue-1', incidentId });
    const c = draftOrThrow('initial', incidentId);
    expect(c.place).toBe('某区某镇某村三组');
    expect(c.summary).toContain('初判为较大灾害');
    expect(c.measures).toBe('2026年11月25日9时55分，调派某区综合应急救援大队20人赶赴现场。');
  });

  it('refuses to draft for an incident the station does not hold', () => {
    const r = draftReport(district, { incidentId: newId(now), kind: 'initial' }, station, now);
    expect(r.ok || r.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'incidentId' });
  });

  it('exports the signed report as .docx with the approving leader named on the 签发 line', async () => {
    const { reportId } = firstReportRoundTrip(20);
    const exported = await exportReportDocx(district, reportId, { issueNumber: 7 });
    if (!exported.ok) throw new Error(JSON.stringify(exported.errors));
    expect(exported.value.fileName).toBe('第7期-关于某镇山体滑坡的首报.docx');
    const xml = await (
      await JSZip.loadAsync(exported.value.bytes)
    )
      .file('word/document.xml')!
      .async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    for (const part of [
      '信息专报',
      '第7期',
      '签发人：李强',
      '关于某镇山体滑坡的首报',
      '死亡0人，受伤2人，失联1人，被困0人。',
      '调派某区综合应急救援大队20人赶赴现场',
    ]) {
      expect(text).toContain(part);
    }
    // Its wire form parses with the schema the API will list, and carries the same bytes.
    const wire = ExportedFile.parse(toExportedFile(exported.value, DOCX_MEDIA_TYPE));
    expect(Buffer.from(wire.base64, 'base64').equals(exported.value.bytes)).toBe(true);
    const html = reportPrintView(district, reportId, { issueNumber: 7 });
    expect(html.ok && html.value).toContain('签发人：李强');
  });

  it('shows the trail: author, signer and the upper level’s receipt on the version that was sent', () => {
    const { reportId } = firstReportRoundTrip(20);
    const trail = reportTrail(district, reportId);
    if (!trail.ok) throw new Error('no trail');
    expect(trail.value).toHaveLength(1);
    expect(trail.value[0]).toMatchObject({ authoredBy: 'officer-wang', approvedBy: 'leader-li' });
    expect(trail.value[0].actions.map((a) => [a.type, a.byName ?? a.by])).toEqual([
      ['submitted', '王明'],
      ['approved', '李强'],
      ['sent', '王明'],
      ['received', '赵敏'],
    ]);
    expect(reportTrail(district, newId(now)).ok).toBe(false);
    expect(VersionEntryWire.array().safeParse(trail.value).success).toBe(true);
  });

  it('drafts the follow-up with only what changed since the first report went out', () => {
    const { incidentId } = firstReportRoundTrip(20);
    now += 30 * MINUTE;
    run(district, 'incident.update_facts', {
      incidentId,
      changes: { casualties: { dead: 1, injured: 2, missing: 0, trapped: 0 }, level: 'II' },
    });
    const c = draftOrThrow('follow_up', incidentId);
    expect(c.summary).toContain('首报报送后有以下新情况');
    expect(c.summary).toContain('事件等级由较大调整为重大');
    expect(c.summary).toContain('死亡人数由0人增至1人');
    expect(c.summary).not.toContain('强降雨引发山体滑坡');
    expect(c.measures).toBe(''); // the dispatch was already in the first report
  });

  it('counts timeliness per station from the city’s log: the district’s reports and the city’s own relay', async () => {
    firstReportRoundTrip(20);
    const asOf = now + 6 * 60 * MINUTE;
    const dayStart = toMs('2026-11-24T16:00:00.000Z');
    const options = {
      period: { from: dayStart, to: dayStart + 24 * 60 * MINUTE },
      now: asOf,
      profile: defaultRuleProfile,
      stationNames: { '500101': '某区应急管理局', '5001': '某市应急管理局' },
    };
    const stats = timelinessFromLog(city, options);
    if (!stats.ok) throw new Error(JSON.stringify(stats.errors));
    const districtRow = stats.value.byStation.find((r) => r.key === '500101')!;
    expect(districtRow.label).toBe('某区应急管理局');
    expect(districtRow.due).toBeGreaterThan(0);
    expect(districtRow.onTime).toBe(districtRow.due); // sent 20 minutes after the call
    expect(stats.value.firstReport.total).toMatchObject({ incidents: 1, reported: 1, medianMs: 20 * MINUTE });
    // The city received the report and has not relayed it in six hours: its relay is missing.
    const cityRow = stats.value.byStation.find((r) => r.key === '5001');
    expect(cityRow?.missing).toBeGreaterThan(0);
    expect(stats.value.exceptions.every((e) => e.station === '5001' && e.kind === 'relay')).toBe(true);

    expect(TimelinessStatsWire.safeParse(stats.value).error).toBeUndefined();

    const xlsx = await exportTimelinessXlsx(city, options);
    if (!xlsx.ok) throw new Error('export refused');
    expect(ExportedFile.safeParse(toExportedFile(xlsx.value, XLSX_MEDIA_TYPE)).success).toBe(true);
    expect(xlsx.value.fileName).toBe('信息报送及时性统计-2026-11-25.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.value.bytes as unknown as ExcelJS.Buffer);
    const detail = wb.getWorksheet('迟报漏报明细')!;
    expect(detail.getCell('B2').value).toBe('某镇山体滑坡');
    expect(detail.getCell('C2').value).toBe('向上转报');
  });
});
