import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Actor } from '../../shared/domain/common';
import type { IncidentFacts } from '../../shared/domain/incident';
import { newId } from '../../shared/ids';
import type { ExternalUnit } from '../../shared/reports/external';
import { VersionEntryWire } from '../../shared/reports/schemas';
import { landslideFacts, leader, officer } from '../../shared/reports/reports.testing';
import { MINUTE, toInstant, toMs } from '../../shared/time';
import { openStationStore, type StationStore } from '../store/index';
import { readExternalUnits, stationExternalUnits } from './externalUnits';
import { jsonHttpAdapter, sendThroughProvincialSystem } from './provincial';
import { draftReport, exportReportDocx, reportTrail } from './service';

/**
 * Upper levels outside Duty Room (issue 19, decision 0022), over a real station store: a county reports
 * to its city's office by fax and records the receipt by hand, or through a provincial system's API
 * (a loopback HTTP server here); the receipt closes the report's clock.
 */

const RECEIVED = '2026-11-25T01:52:00.000Z'; // 09:52 China time
const cityOffice: ExternalUnit = {
  id: 'city-office',
  name: '某市应急管理局值班室',
  level: 'city',
  jurisdiction: '5001',
  contacts: [{ kind: 'fax', value: '023-00000002' }],
};
const province: ExternalUnit = { id: 'province-system', name: '某省应急管理厅', level: 'province', jurisdiction: '50', contacts: [] };
const facts: IncidentFacts = { ...landslideFacts(RECEIVED), level: 'III' };

let dir: string;
let now: number;
let county: StationStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'external-units-'));
  now = toMs(RECEIVED);
  county = openStationStore({
    path: join(dir, 'county.db'),
    stationId: 'county-500101',
    jurisdiction: '500101',
    clock: () => now,
    externalUnits: [cityOffice, province],
  });
});
afterEach(() => {
  county.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(type: string, payload: unknown, actor: Actor = officer) {
  return county.execute({ id: newId(now), type, payload }, actor);
}
function runOk(type: string, payload: unknown, actor: Actor = officer) {
  const r = run(type, payload, actor);
  if (!r.ok) throw new Error(`${type} refused: ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** A level III landslide, its written first report drafted from the record and signed by the leader. */
function signedFirstReport(): { incidentId: string; reportId: string } {
  const incidentId = newId(now);
  runOk('incident.register', { incidentId, facts });
  now += 20 * MINUTE;
  const content = draftReport(county, { incidentId, kind: 'initial' }, { unit: '某县应急管理局', reporter: '王明', contact: '023-1', placeName: () => '某镇' }, now);
  if (!content.ok) throw new Error('draft');
  const reportId = newId(now);
  runOk('report.draft', { reportId, incidentId, kind: 'initial', channel: 'written', content: content.value });
  runOk('report.submit', { reportId });
  now += 2 * MINUTE;
  runOk('report.approve', { reportId, verification: { method: 'pin' } }, leader);
  return { incidentId, reportId };
}

const written = (incidentId: string) => county.obligationsOf(incidentId).find((o) => o.key === 'initial.written');

async function docxText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return xml.replace(/<w:tab\/>/g, '\t').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

describe('a report to an upper level outside Duty Room', () => {
  it('sent by fax, its clock runs until the receipt is recorded by hand; then it is met as of the time received', async () => {
    const { incidentId, reportId } = signedFirstReport();
    now += 3 * MINUTE; // 10:17
    runOk('report.send', { reportId, addressedTo: '5001', external: { unitId: 'city-office', via: 'fax' } });
    expect(county.report(reportId)).toMatchObject({
      status: 'sent',
      external: { unitId: 'city-office', name: '某市应急管理局值班室', level: 'city', via: 'fax' },
    });
    expect(written(incidentId)?.state).toBe('pending');
    // The city's office has no Duty Room: it is in no station's inbox (and would raise no alarm there).
    expect(county.reportsAwaitingReceipt('5001')).toEqual([]);

    now += 45 * MINUTE; // 11:02, past the 60-minute limit
    expect(written(incidentId)?.state).toBe('overdue');
    const receivedAt = toInstant(toMs(RECEIVED) + 30 * MINUTE); // 10:22, as the city's officer said
    runOk('report.record_receipt', { reportId, receiverName: '赵敏', receivedAt, note: '电话确认收到传真' });
    expect(county.report(reportId)).toMatchObject({ status: 'received', receivedAt, receipt: { receiverName: '赵敏', source: 'manual' } });
    expect(written(incidentId)).toMatchObject({ state: 'met', metAt: receivedAt, metByReportId: reportId });

    // The trail says how it went and that the receipt was recorded by hand, by whom.
    const trail = reportTrail(county, reportId);
    if (!trail.ok) throw new Error('trail');
    for (const v of trail.value) VersionEntryWire.parse(v);
    const actions = trail.value.flatMap((v) => v.actions);
    expect(actions.find((a) => a.type === 'sent')).toMatchObject({ external: { name: '某市应急管理局值班室', via: 'fax' } });
    expect(actions.find((a) => a.type === 'received')).toMatchObject({
      at: receivedAt,
      recordedBy: '王明',
      comment: '电话确认收到传真',
      receipt: { source: 'manual', receiverName: '赵敏' },
    });

    // The standard form for upload or fax carries the 签发 line: who, when, how verified; and where it went.
    const file = await exportReportDocx(county, reportId);
    if (!file.ok) throw new Error('docx');
    const text = await docxText(file.value.bytes);
    expect(text).toContain('签发人：李强');
    expect(text).toContain('签发：李强\u30002026年11月25日10时14分\u3000本人PIN核验');
    expect(text).toContain('报送：某市应急管理局值班室（传真）');
  });

  it('refuses a receipt by hand for a report sent to a Duty Room station, before its send, in the future, or unsent', () => {
    const { reportId } = signedFirstReport();
    const at = toInstant(now);
    expect(run('report.record_receipt', { reportId, receiverName: '赵敏', receivedAt: at })).toMatchObject({ ok: false });
    runOk('report.send', { reportId, addressedTo: '5001' });
    const forged = run('report.record_receipt', { reportId, receiverName: '赵敏', receivedAt: at });
    expect(forged.ok ? 'recorded' : forged.errors[0]?.detail).toMatch(/Duty Room station/);

    const other = signedFirstReport();
    now += MINUTE;
    runOk('report.send', { reportId: other.reportId, addressedTo: '50', external: { unitId: 'province-system', via: 'phone' } });
    const early = run('report.record_receipt', { reportId: other.reportId, receiverName: '赵敏', receivedAt: toInstant(now - 5 * MINUTE) });
    expect(early.ok ? 'recorded' : early.errors[0]?.field).toBe('payload.receivedAt');
    const future = run('report.record_receipt', { reportId: other.reportId, receiverName: '赵敏', receivedAt: toInstant(now + 5 * MINUTE) });
    expect(future.ok ? 'recorded' : future.errors[0]?.detail).toBe('in the future');
    const blank = run('report.record_receipt', { reportId: other.reportId, receiverName: ' ', receivedAt: toInstant(now) });
    expect(blank.ok ? 'recorded' : blank.errors[0]?.field).toBe('payload.receiverName');
  });

  it('refuses an addressee not in the directory, or one named for another jurisdiction', () => {
    const { reportId } = signedFirstReport();
    const unknown = run('report.send', { reportId, addressedTo: '5001', external: { unitId: 'nobody', via: 'phone' } });
    expect(unknown.ok ? 'sent' : unknown.errors[0]?.field).toBe('payload.external.unitId');
    const mismatch = run('report.send', { reportId, addressedTo: '50', external: { unitId: 'city-office', via: 'phone' } });
    expect(mismatch.ok ? 'sent' : mismatch.errors[0]?.field).toBe('payload.addressedTo');
  });
});

describe('through a provincial system’s API (a loopback server standing for one)', () => {
  let server: Server;
  let answer: (body: Record<string, unknown>) => { status: number; json: unknown };
  const seen: Array<Record<string, unknown>> = [];
  let url: string;
  beforeEach(async () => {
    seen.length = 0;
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        seen.push({ ...body, authorization: req.headers.authorization });
        const { status, json } = answer(body);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/reports`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('submits the signed form and records the send and the system’s receipt, which closes the clock', async () => {
    const { incidentId, reportId } = signedFirstReport();
    const receivedAt = toInstant(now + MINUTE);
    answer = () => ({ status: 200, json: { receiverName: '省厅值班员', receivedAt, reference: 'SB-2026-000123' } });
    now += MINUTE;
    const adapter = jsonHttpAdapter({ name: '某省突发事件信息报送系统', url, token: 'site-secret' });
    const result = await sendThroughProvincialSystem(county, adapter, { reportId, unitId: 'province-system' }, officer);
    expect(result).toMatchObject({ ok: true, value: { reference: 'SB-2026-000123' } });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ reportId, from: '500101', unitId: 'province-system', authorization: 'Bearer site-secret' });
    const text = await docxText(Buffer.from(String(seen[0]?.docxBase64), 'base64'));
    expect(text).toContain('关于某镇山体滑坡的首报');
    expect(text).toContain('签发：李强');

    expect(county.report(reportId)).toMatchObject({
      status: 'received',
      external: { via: 'provincial_system', unitId: 'province-system' },
      receipt: { source: 'system', reference: 'SB-2026-000123', receiverName: '省厅值班员' },
    });
    expect(written(incidentId)).toMatchObject({ state: 'met', metAt: receivedAt });
  });

  it('records nothing when the system refuses or answers no receipt: the report stays signed and unsent', async () => {
    const { incidentId, reportId } = signedFirstReport();
    const adapter = jsonHttpAdapter({ name: '某省突发事件信息报送系统', url });
    answer = () => ({ status: 503, json: { error: 'maintenance' } });
    const refused = await sendThroughProvincialSystem(county, adapter, { reportId, unitId: 'province-system' }, officer);
    expect(refused.ok ? 'sent' : refused.errors[0]?.code).toBe('PROVINCIAL_SYSTEM_UNAVAILABLE');
    answer = () => ({ status: 200, json: { receiverName: '省厅值班员' } });
    const noReceipt = await sendThroughProvincialSystem(county, adapter, { reportId, unitId: 'province-system' }, officer);
    expect(noReceipt.ok ? 'sent' : noReceipt.errors[0]?.field).toMatch(/^receipt\./);
    expect(county.report(reportId)?.status).toBe('approved');
    expect(written(incidentId)?.state).toBe('pending');
  });
});

describe('the directory of external units', () => {
  it('ships an example for 汶川县 and applies it to the county’s stations only, each unit above the station', () => {
    // A township of the county (映秀镇) reports to the county, the prefecture and the province.
    expect(stationExternalUnits('513221102').map((u) => u.id)).toEqual(['wenchuan-ema', 'aba-ema', 'sichuan-ema']);
    // The county's own station reports to the two above it (its own entry is not its upper level).
    expect(stationExternalUnits('513221').map((u) => u.id)).toEqual(['aba-ema', 'sichuan-ema']);
    // The demo district has none: its 报送上级 goes to the Duty Room station above, as before.
    expect(stationExternalUnits('500110')).toEqual([]);
  });

  it('a site file replaces them; a unit not above the station, a bad level or a duplicate id stops the start, named', () => {
    const site = join(dir, 'units.json');
    writeFileSync(site, JSON.stringify({ appliesTo: ['500101'], units: [cityOffice, province] }));
    expect(stationExternalUnits('500101', { siteFile: site }).map((u) => u.name)).toEqual(['某市应急管理局值班室', '某省应急管理厅']);

    writeFileSync(site, JSON.stringify({ appliesTo: ['500101'], units: [{ ...cityOffice, jurisdiction: '5002' }] }));
    const below = readExternalUnits('500101', { siteFile: site });
    expect(below.ok ? 'read' : below.errors[0]?.detail).toMatch(/5002\) is not above 500101/);

    writeFileSync(site, JSON.stringify({ appliesTo: ['500101'], units: [{ ...cityOffice, level: 'province' }, cityOffice] }));
    const bad = readExternalUnits('500101', { siteFile: site });
    expect(bad.ok ? [] : bad.errors.map((e) => e.field)).toEqual(['units.0.level', 'units.1.id']);
    expect(() => stationExternalUnits('500101', { siteFile: site })).toThrow(/外部上级单位名录无法读取/);

    expect(() =>
      openStationStore({ path: join(dir, 'x.db'), stationId: 's', jurisdiction: '500101', externalUnits: [{ ...cityOffice, jurisdiction: '5002' }] }),
    ).toThrow(/not above 500101/);
  });
});
