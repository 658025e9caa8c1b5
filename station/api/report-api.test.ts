import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import type { Actor } from '../../shared/domain/common';
import type { IncidentFacts } from '../../shared/domain/incident';
import { newId } from '../../shared/ids';
import { MINUTE, toMs } from '../../shared/time';
import { cityOfficer, landslideFacts, leader, officer } from '../../shared/reports/reports.testing';
import { openTestStation, type TestStation } from './api.testing';
import { createStationClient } from '../../shared/api/client';
import { createStationApi, standaloneLink } from '.';
import { DeadlineScheduler } from '../scheduler';

const RECEIVED = '2026-11-25T01:52:00.000Z';

// The landslide the report tests share, at level III (that helper's default is IV).
const facts: IncidentFacts = { ...landslideFacts(RECEIVED), level: 'III' };

let now: number;
let hubSeq: number;
let district: TestStation;
let city: TestStation;

beforeEach(() => {
  now = toMs(RECEIVED);
  hubSeq = 0;
  // A district reporting up to the city: each on its own store, both on the test's clock.
  const common = { clock: () => now, onDuty: { leader: '李强', officers: [] } };
  district = openTestStation({
    ...common,
    stationId: 'district-500101',
    jurisdiction: '500101',
    name: '某区应急管理局',
    operator: officer,
    reporting: { contact: '023-12345678' },
  });
  city = openTestStation({
    ...common,
    stationId: 'city-5001',
    jurisdiction: '5001',
    name: '某市应急管理局',
    operator: cityOfficer,
  });
});
const consoles: Array<() => void> = [];
afterEach(() => {
  for (const close of consoles.splice(0)) close();
  district.close();
  city.close();
});

/**
 * Another console of a station with `person` at it, over the same store and clock: the leader signs at
 * their own console, since the station stamps whoever is at the console on what is sent from it.
 */
function consoleOf(station: TestStation, person: Actor): Pick<TestStation, 'client'> {
  const { store } = station;
  const link = standaloneLink(store);
  const api = createStationApi({
    store,
    station: { stationId: store.stationId, jurisdiction: store.jurisdiction, name: '某区应急管理局' },
    operator: person,
    onDuty: { leader: null, officers: [] },
    link,
    clock: () => now,
    alarmCheckMs: 60_000,
    deadlines: new DeadlineScheduler({ store }),
  });
  consoles.push(() => {
    api.close();
    link.close();
  });
  const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value));
  const client = createStationClient({
    request: async (method, input) => wire(await api.dispatch({ method, input })),
    subscribe: (l) => api.subscribe((p) => l(wire(p))),
    onConnectionChange: () => () => {},
  });
  return { client };
}

/** Send a command from a console; the station says who gives it (its operator). */
async function run(at: Pick<TestStation, 'client'>, type: string, payload: unknown) {
  const r = await at.client.execute({ id: newId(now), type, payload } as never);
  if (!r.ok) throw new Error(`${type} refused: ${JSON.stringify(r.errors)}`);
}

/** The hub in miniature: number the sender's pending events and hand them to the receiver. */
function relay(from: TestStation, to: TestStation) {
  const pending = from.store.outboxPending(1000).map((e) => ({ ...e, hubSeq: ++hubSeq }));
  expect(to.store.ingestRemote(pending).rejected).toEqual([]);
  from.store.markDelivered(pending.map((e) => ({ id: e.id, hubSeq: e.hubSeq })));
}

/** Register at the district, draft the first report through the API, sign it and send it to the city. */
async function sendFirstReport() {
  const incidentId = newId(now);
  await run(district, 'incident.register', { incidentId, facts });
  now += 10 * MINUTE;
  const draft = await district.client.draftReport({ incidentId, kind: 'initial' });
  if (!draft.ok) throw new Error(JSON.stringify(draft.errors));
  const reportId = newId(now);
  await run(district, 'report.draft', {
    reportId,
    incidentId,
    kind: 'initial',
    channel: 'written',
    content: draft.value,
  });
  await run(district, 'report.submit', { reportId });
  now += MINUTE;
  await run(consoleOf(district, leader), 'report.approve', { reportId });
  await run(district, 'report.send', { reportId, addressedTo: '5001' });
  relay(district, city);
  return { incidentId, reportId, content: draft.value };
}

describe('report calls of the station API', () => {
  it('drafts from the record naming the station as unit, the operator as reporter and the configured number', async () => {
    const incidentId = newId(now);
    await run(district, 'incident.register', { incidentId, facts });
    const draft = await district.client.draftReport({ incidentId, kind: 'initial' });
    expect(draft.ok && draft.value).toMatchObject({
      unit: '某区应急管理局',
      reporter: '王明',
      contact: '023-12345678',
      casualties: { injured: 2, missing: 1 },
    });
  });

  it('refuses to draft for an unknown incident with the field named', async () => {
    const draft = await district.client.draftReport({ incidentId: newId(now), kind: 'initial' });
    expect(draft.ok || draft.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'incidentId' });
  });

  it('the city inbox lists a sent report with its age until the city acknowledges it, and the district sees the receipt', async () => {
    const { reportId } = await sendFirstReport();
    now += 7 * MINUTE;
    const inbox = await city.client.inbox({});
    if (!inbox.ok) throw new Error(JSON.stringify(inbox.errors));
    expect(
      inbox.value.entries.map((e) => [e.report.id, e.incidentTitle, e.fromJurisdiction, e.ageMs]),
    ).toEqual([[reportId, '某镇山体滑坡', '500101', 7 * MINUTE]]);
    // The sender's own inbox holds nothing: the report is addressed upward.
    const own = await district.client.inbox({});
    expect(own.ok && own.value.entries).toEqual([]);

    await run(city, 'report.acknowledge', { reportId });
    const after = await city.client.inbox({});
    expect(after.ok && after.value.entries).toEqual([]);
    relay(city, district);
    const trail = await district.client.reportTrail({ reportId });
    if (!trail.ok) throw new Error(JSON.stringify(trail.errors));
    expect(trail.value[0]?.actions.map((a) => a.type)).toEqual(['submitted', 'approved', 'sent', 'received']);
    expect(trail.value[0]?.approvedBy).toBe(leader.id);
    expect(district.store.report(reportId)?.receivedAt).toBe(new Date(now).toISOString());
  });

  it('the city inbox still lists a report whose incident the district closed before the city took it in', async () => {
    const { incidentId, reportId } = await sendFirstReport();
    const later = await sendFirstReport();
    await run(district, 'incident.close', { incidentId, summary: '险情排除' });
    relay(district, city);
    expect(city.store.openIncidents().map((i) => i.id)).not.toContain(incidentId);
    now += 5 * MINUTE;
    const inbox = await city.client.inbox({});
    if (!inbox.ok) throw new Error(JSON.stringify(inbox.errors));
    expect(inbox.value.entries.map((e) => [e.report.id, e.incidentTitle])).toEqual([
      [reportId, '某镇山体滑坡'],
      [later.reportId, '某镇山体滑坡'],
    ]);
    await run(city, 'report.acknowledge', { reportId });
    const after = await city.client.inbox({});
    expect(after.ok && after.value.entries.map((e) => e.report.id)).toEqual([later.reportId]);
  });

  it("counts the period's reports on time, late and missing per kind and per station, and exports them as .xlsx", async () => {
    const from = new Date(now - 60 * MINUTE).toISOString();
    await sendFirstReport(); // written first report 11 min after the call: on time, and the phone one with it
    now += 3 * 60 * MINUTE; // a second incident nobody reports on: both its first reports go missing
    await run(district, 'incident.register', {
      incidentId: newId(now),
      facts: { ...facts, receivedAt: new Date(now).toISOString() },
    });
    now += 3 * 60 * MINUTE;
    const to = new Date(now).toISOString();
    const stats = await district.client.reportTimeliness({ from, to });
    if (!stats.ok) throw new Error(JSON.stringify(stats.errors));
    const kind = (k: string) => stats.value.byKind.find((r) => r.key === k);
    expect(kind('initial_written')).toMatchObject({ due: 2, onTime: 1, late: 0, missing: 1 });
    expect(kind('initial_phone')).toMatchObject({ due: 2, onTime: 1, missing: 1 });
    expect(stats.value.byStation.map((r) => [r.label, r.onTime, r.missing])).toEqual([
      ['某区应急管理局', 2, 2],
    ]);
    expect(stats.value.firstReport.total).toMatchObject({ incidents: 2, reported: 1, medianMs: 11 * MINUTE });

    const reversed = await district.client.reportTimeliness({ from: to, to: from });
    expect(reversed.ok || reversed.errors[0]).toMatchObject({ code: 'INVALID_FIELD', field: 'input.to' });

    const file = await district.client.exportTimelinessXlsx({ from, to });
    if (!file.ok) throw new Error(JSON.stringify(file.errors));
    expect(file.value.fileName).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.value.base64, 'base64') as unknown as ArrayBuffer);
    const byKind = wb.getWorksheet('按报告类型');
    const written = byKind
      ?.getSheetValues()
      .find((row) => Array.isArray(row) && row[1] === '书面首报') as unknown[];
    expect(written.slice(1, 5)).toEqual(['书面首报', 2, 1, 0]);
  });

  it('exports the signed report as .docx over the wire, with the leader on the 签发 line', async () => {
    const { reportId } = await sendFirstReport();
    const file = await district.client.exportReportDocx({ reportId, meta: { issueNumber: 3 } });
    if (!file.ok) throw new Error(JSON.stringify(file.errors));
    expect(file.value.fileName).toBe('第3期-关于某镇山体滑坡的首报.docx');
    const zip = await JSZip.loadAsync(Buffer.from(file.value.base64, 'base64'));
    const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(text).toContain('李强');
    expect(text).toContain('某村三组');
  });

  it('gives a print view page of the report and refuses an unknown report', async () => {
    const { reportId } = await sendFirstReport();
    const page = await district.client.reportPrintView({ reportId });
    expect(page.ok && page.value).toContain('某镇山体滑坡');
    const missing = await district.client.reportPrintView({ reportId: newId(now) });
    expect(missing.ok || missing.errors[0]).toMatchObject({ code: 'NOT_FOUND', field: 'reportId' });
  });
});
