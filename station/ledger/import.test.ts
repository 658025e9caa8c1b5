import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../shared/commands/catalog';
import { newId } from '../../shared/ids';
import { commandsForConfirmedImport } from '../../shared/ledger/confirm';
import type { LedgerProgress } from '../../shared/ledger/table';
import type { LedgerContext } from '../../shared/ledger/validate';
import { prepareLedgerImport } from './import';
import { readLedgerBytes } from './read';

const samples = fileURLToPath(new URL('../../resources/ledgers/', import.meta.url));
const wansheng: LedgerContext = { stationJurisdiction: '500110' };
const actor = { id: 'officer-1', role: 'commander' as const };
const scratch = mkdtempSync(join(tmpdir(), 'ledger-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('importing the sample risk-point ledger with two bad rows', () => {
  it('reports exactly the two bad rows with row and column, lists the rest as valid, and imports nothing yet', async () => {
    const result = await prepareLedgerImport({ path: join(samples, 'risk-points.csv') }, { kind: 'risk_point', context: wansheng });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = result.value;
    expect(report.rowsRead).toBe(20);
    expect(report.findings.map((f) => [f.row, f.column, f.problem])).toEqual([
      [8, '风险等级', 'UNKNOWN_RISK_LEVEL'],
      [14, '纬度', 'COORDINATES_SWAPPED'],
    ]);
    expect(report.findings[0].message.zh).toContain('风险等级');
    expect(report.findings[0].value).toBe('很高');
    expect(report.invalidRows).toEqual([8, 14]);
    expect(report.valid).toHaveLength(18);
    expect(report.valid.map((v) => v.object.id)).not.toContain('ws-risk-007');
    expect(report.valid.map((v) => v.object.id)).not.toContain('ws-risk-013');
    const landslide = report.valid.find((v) => v.object.id === 'ws-risk-001')!;
    expect(landslide.object).toMatchObject({ name: '红岩村滑坡隐患点', kind: '滑坡', level: 'high', jurisdiction: '500110101002' });
    expect(landslide.object.point).toEqual({ lon: 106.866, lat: 28.976 });
  });

  it('refuses to confirm until the user acknowledges the skipped rows, then yields one register command per valid row', async () => {
    const result = await prepareLedgerImport({ path: join(samples, 'risk-points.csv') }, { kind: 'risk_point', context: wansheng });
    if (!result.ok) throw new Error('sample unreadable');
    const silent = commandsForConfirmedImport(result.value, { actor, skippedRowsAcknowledged: 0 }, newId);
    expect(silent.ok).toBe(false);
    if (!silent.ok) expect(silent.errors[0].code).toBe('LEDGER_SKIPPED_ROWS_UNCONFIRMED');

    const confirmed = commandsForConfirmedImport(result.value, { actor, skippedRowsAcknowledged: 2 }, newId);
    expect(confirmed.ok).toBe(true);
    if (!confirmed.ok) return;
    expect(confirmed.value).toHaveLength(18);
    expect(new Set(confirmed.value.map((c) => c.type))).toEqual(new Set(['risk_point.register']));
    for (const command of confirmed.value) expect(validateCommand(command).ok).toBe(true);
    expect(new Set(confirmed.value.map((c) => c.id)).size).toBe(18);

    const some = commandsForConfirmedImport(result.value, { actor, skippedRowsAcknowledged: 2, rows: [2, 3] }, newId);
    expect(some.ok && some.value.map((c) => (c.payload as { riskPoint: { id: string } }).riskPoint.id)).toEqual(['ws-risk-001', 'ws-risk-002']);
    const badPick = commandsForConfirmedImport(result.value, { actor, skippedRowsAcknowledged: 2, rows: [8] }, newId);
    expect(badPick.ok).toBe(false);
  });
});

describe('importing the sample teams workbook', () => {
  it('finds the header under the title row and reads every team, marking those already registered as updates', async () => {
    const progress: LedgerProgress[] = [];
    const result = await prepareLedgerImport(
      { path: join(samples, 'teams.xlsx') },
      { kind: 'auto', context: { ...wansheng, existingIds: new Set(['ws-comprehensive-1']) }, onProgress: (p) => progress.push(p) },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const report = result.value;
    expect(report.kind).toBe('team');
    expect(report.sheet).toBe('救援队伍');
    expect(report.findings).toEqual([]);
    expect(report.valid).toHaveLength(12);
    expect(report.valid[0].row).toBe(3);
    const first = report.valid[0];
    expect(first.updatesExisting).toBe(true);
    expect(report.valid[1].updatesExisting).toBe(false);
    expect(first.object).toMatchObject({
      id: 'ws-comprehensive-1',
      kind: 'comprehensive',
      headcount: 60,
      skills: ['抢险救援', '破拆', '水域救援'],
      equipment: ['冲锋舟 2 艘', '破拆工具组 4 套', '应急照明车 1 台'],
      base: { lon: 106.921, lat: 28.958 },
      status: 'standby',
    });
    expect(report.columns.find((c) => c.header === '序号')?.field).toBe('ignored');
    expect(progress.at(-1)).toEqual({ phase: 'validate', done: 12, total: 12 });
  });
});

describe('importing the sample shelter and depot ledgers', () => {
  it('reads every shelter and every depot with its supplies, with no finding', async () => {
    const shelters = await prepareLedgerImport({ path: join(samples, 'shelters.csv') }, { kind: 'auto', context: wansheng });
    const depots = await prepareLedgerImport({ path: join(samples, 'depots.csv') }, { kind: 'auto', context: wansheng });
    if (!shelters.ok || !depots.ok) throw new Error('sample unreadable');
    expect([shelters.value.kind, shelters.value.findings, shelters.value.valid.length]).toEqual(['shelter', [], 6]);
    expect([depots.value.kind, depots.value.findings, depots.value.valid.length]).toEqual(['depot', [], 4]);
    const main = depots.value.valid[0].object as { stock: unknown[] };
    expect(main.stock).toContainEqual({ item: '棉被', quantity: 1500, unit: '床' });
  });
});

describe('reading ledger files', () => {
  it('reads a CSV saved by Excel in a Chinese locale (GB18030) and finds each problem of a row', async () => {
    const text = '名称,类型,人数,经度,纬度\r\n青年镇应急分队,综合,20人,106.987,28.903\r\n,专业,十,106.9,\r\n';
    const bytes = gb18030(text);
    const result = await prepareLedgerImport({ fileName: 'teams.csv', bytes }, { kind: 'team', context: wansheng });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.valid.map((v) => [v.object.name, v.object.headcount])).toEqual([['青年镇应急分队', 20]]);
    expect(result.value.findings.map((f) => [f.row, f.column, f.problem])).toEqual([
      [3, '名称', 'MISSING_VALUE'],
      [3, '纬度', 'MISSING_VALUE'],
      [3, '人数', 'NOT_A_NUMBER'],
    ]);
  });

  it('reports a required column missing from the header and imports no row', async () => {
    const bytes = new TextEncoder().encode('名称,人数,经度,纬度\n甲队,20,106.9,28.9\n');
    const result = await prepareLedgerImport({ fileName: 'teams.csv', bytes }, { kind: 'team', context: wansheng });
    if (!result.ok) throw new Error('unreadable');
    expect(result.value.valid).toEqual([]);
    expect(result.value.invalidRows).toEqual([2]);
    expect(result.value.findings).toEqual([
      expect.objectContaining({ row: 1, problem: 'MISSING_COLUMN', value: '类型 (type)' }),
    ]);
  });

  it('flags a repeated id and a row outside the station jurisdiction', async () => {
    const csv = [
      'ID,Name,Type,Headcount,Longitude,Latitude,Jurisdiction',
      'a-1,Team A,professional,10,106.9,28.9,500110',
      'a-1,Team B,social,12,106.91,28.91,500110101',
      'b-1,Team C,militia,8,106.92,28.92,500111',
    ].join('\n');
    const result = await prepareLedgerImport({ fileName: 'teams.csv', bytes: new TextEncoder().encode(csv) }, { kind: 'team', context: wansheng });
    if (!result.ok) throw new Error('unreadable');
    expect(result.value.valid.map((v) => v.object.name)).toEqual(['Team A']);
    expect(result.value.findings.map((f) => [f.row, f.column, f.problem])).toEqual([
      [3, 'ID', 'DUPLICATE_ID'],
      [4, 'Jurisdiction', 'OUTSIDE_JURISDICTION'],
    ]);
  });

  it('reads GeoJSON points as rows and refuses polygons as locations', async () => {
    const geojson = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [106.93, 28.95] }, properties: { 名称: '体育馆', 容量: 3000 } },
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [[[106.9, 28.9], [106.95, 28.9], [106.95, 28.95], [106.9, 28.9]]] },
          properties: { 名称: '广场', 容量: 500 },
        },
      ],
    };
    const bytes = new TextEncoder().encode(JSON.stringify(geojson));
    const result = await prepareLedgerImport({ fileName: 'shelters.geojson', bytes }, { kind: 'shelter', context: wansheng });
    if (!result.ok) throw new Error('unreadable');
    expect(result.value.valid.map((v) => [v.row, v.object.point, v.object.capacity, v.idDerived])).toEqual([
      [1, { lon: 106.93, lat: 28.95 }, 3000, true],
    ]);
    expect(result.value.findings.map((f) => [f.row, f.problem])).toEqual([[2, 'GEOMETRY_NOT_POINT']]);
  });

  it('reads per-supply columns of a depot workbook and reports progress every 500 rows of a large file', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('储备库');
    sheet.addRow(['名称', '经度', '纬度', '物资:帐篷(顶)', '物资:棉被(床)']);
    for (let i = 1; i <= 1200; i++) sheet.addRow([`储备点${i}`, 106.9 + i / 100_000, 28.9, i, { formula: `D${i + 1}*2`, result: 2 * i }]);
    const path = join(scratch, 'depots.xlsx');
    await workbook.xlsx.writeFile(path);
    const progress: LedgerProgress[] = [];
    const result = await prepareLedgerImport({ path }, { kind: 'depot', context: wansheng, onProgress: (p) => progress.push(p) });
    if (!result.ok) throw new Error('unreadable');
    expect(result.value.findings).toEqual([]);
    expect(result.value.valid).toHaveLength(1200);
    expect(result.value.valid[6].object.stock).toEqual([
      { item: '帐篷', unit: '顶', quantity: 7 },
      { item: '棉被', unit: '床', quantity: 14 },
    ]);
    expect(progress.filter((p) => p.phase === 'validate').map((p) => p.done)).toEqual([500, 1000, 1200]);
    expect(progress.filter((p) => p.phase === 'read').map((p) => p.done)).toEqual([500, 1000, 1200]);
  });

  it('refuses a damaged workbook and an unknown file type with a clear error', async () => {
    const damaged = await readLedgerBytes('teams.xlsx', new TextEncoder().encode('not a zip'));
    expect(damaged.ok).toBe(false);
    if (!damaged.ok) expect(damaged.errors[0].code).toBe('LEDGER_UNREADABLE');
    const pdf = await readLedgerBytes('teams.pdf', new Uint8Array([1, 2, 3]));
    expect(pdf.ok).toBe(false);
  });
});

/** Encode text as GB18030 by inverting the platform decoder over the characters used. */
function gb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else out.push(...table.get(ch)!);
  }
  return new Uint8Array(out);
}
