import { describe, expect, it } from 'vitest';
import { guessLedgerKind, mapColumns, normaliseHeader } from './columns';
import { validateLedger } from './validate';
import { parseCount, parseDegrees, parseRiskLevel, parseStock, parseTeamKind } from './values';
import type { LedgerTable } from './table';

describe('ledger columns', () => {
  it('recognises headers with units, required markers, full-width brackets and English aliases', () => {
    expect(normaliseHeader('* 人数（人）')).toBe('人数');
    const { headerOf, unknown } = mapColumns('team', ['经度(°)', 'Latitude', '* 人数（人）', '队伍名称', 'Type', '序号', '车牌号']);
    expect(headerOf).toMatchObject({ lon: '经度(°)', lat: 'Latitude', headcount: '* 人数（人）', name: '队伍名称', kind: 'Type' });
    expect(unknown).toEqual(['车牌号']);
  });

  it('guesses the kind of a ledger from its distinctive columns', () => {
    expect(guessLedgerKind(['名称', '人数', '救援专长', '经度', '纬度'])).toBe('team');
    expect(guessLedgerKind(['名称', '容量', '经度', '纬度'])).toBe('shelter');
    expect(guessLedgerKind(['名称', '风险等级', '责任人'])).toBe('risk_point');
    expect(guessLedgerKind(['名称', '物资:帐篷(顶)'])).toBe('depot');
    expect(guessLedgerKind(['foo', 'bar'])).toBeUndefined();
  });
});

describe('ledger cell values', () => {
  it('reads decimal degrees, degrees-minutes-seconds and hemisphere letters', () => {
    expect(parseDegrees('106.927')).toEqual({ ok: true, value: 106.927 });
    const dms = parseDegrees('106°55′30″');
    expect(dms.ok && dms.value).toBeCloseTo(106.925, 6);
    const west = parseDegrees('74度30分W');
    expect(west.ok && west.value).toBeCloseTo(-74.5, 6);
    expect(parseDegrees('东经106').ok).toBe(false);
  });

  it('reads counts written with units, full-width digits and thousands separators, and refuses fractions', () => {
    expect(parseCount('60人')).toEqual({ ok: true, value: 60 });
    expect(parseCount('６０')).toEqual({ ok: true, value: 60 });
    expect(parseCount('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseCount('2.5')).toEqual({ ok: false, problem: 'NOT_A_WHOLE_NUMBER' });
    expect(parseCount('约六十')).toEqual({ ok: false, problem: 'NOT_A_NUMBER' });
  });

  it('maps team types and risk levels written in Chinese or English', () => {
    expect([parseTeamKind('社会力量'), parseTeamKind('Militia'), parseTeamKind('综合性')].map((p) => p.ok && p.value)).toEqual([
      'social',
      'militia',
      'comprehensive',
    ]);
    expect(parseTeamKind('消防').ok).toBe(false);
    expect(['重大', '较大风险', '一般', '低', 'High', 'Ⅳ级'].map((t) => {
      const p = parseRiskLevel(t);
      return p.ok ? p.value : p.problem;
    })).toEqual(['major', 'high', 'medium', 'low', 'high', 'low']);
  });

  it('splits a supplies cell into item, quantity and unit', () => {
    expect(parseStock('帐篷 300 顶；棉被:1,500床; tents x 30 each')).toEqual({
      ok: true,
      value: [
        { item: '帐篷', quantity: 300, unit: '顶' },
        { item: '棉被', quantity: 1500, unit: '床' },
        { item: 'tents', quantity: 30, unit: 'each' },
      ],
    });
    expect(parseStock('帐篷若干')).toEqual({ ok: false, problem: 'BAD_STOCK_ENTRY' });
  });
});

describe('validating a ledger table', () => {
  const table = (rows: Array<Record<string, string | number | null>>): LedgerTable => ({
    fileName: 'x.csv',
    format: 'csv',
    headers: Object.keys(rows[0]),
    headerRow: 1,
    rows: rows.map((cells, i) => ({ row: i + 2, cells })),
  });

  it('derives a stable id from name and jurisdiction when the ledger has none, and reads division names', () => {
    const rows = [{ 名称: '南桐镇中心小学', 容量: 800, 经度: 106.882, 纬度: 28.987, 所属辖区: '南桐镇' }];
    const context = { stationJurisdiction: '500110', jurisdictionNames: { 南桐镇: '500110101' } };
    const once = validateLedger('shelter', table(rows), context);
    const again = validateLedger('shelter', table(rows), context);
    expect(once.findings).toEqual([]);
    expect(once.valid[0].object.id).toMatch(/^shelter-500110101-[0-9a-f]{8}$/);
    expect(once.valid[0].object.id).toBe(again.valid[0].object.id);
    expect(once.valid[0].idDerived).toBe(true);
  });

  it('says the coordinates look swapped rather than out of range, and skips blank rows without counting them', () => {
    const report = validateLedger(
      'shelter',
      table([
        { 名称: '甲', 容量: 10, 经度: 28.9, 纬度: 106.9 },
        { 名称: null, 容量: null, 经度: null, 纬度: null },
        { 名称: '乙', 容量: 10, 经度: 190, 纬度: 28.9 },
      ]),
      { stationJurisdiction: '500110' },
    );
    expect(report.rowsRead).toBe(2);
    expect(report.findings.map((f) => [f.row, f.column, f.problem])).toEqual([
      [2, '纬度', 'COORDINATES_SWAPPED'],
      [4, '经度', 'LONGITUDE_OUT_OF_RANGE'],
    ]);
  });

  it('reports a value the domain refuses (a name over 200 characters) with the cell and the reason', () => {
    const long = '很'.repeat(201);
    const report = validateLedger('depot', table([{ 名称: long, 经度: 106.9, 纬度: 28.9 }]), { stationJurisdiction: '500110' });
    expect(report.valid).toEqual([]);
    expect(report.findings).toEqual([
      expect.objectContaining({ row: 2, column: '名称', problem: 'INVALID_VALUE', value: long.slice(0, 80) }),
    ]);
    expect(report.findings[0].message.en).toMatch(/^Invalid value: .*200/);
  });

  it('reports a file with a header and no data rows', () => {
    const report = validateLedger('depot', { fileName: 'x.csv', format: 'csv', headers: ['名称', '经度', '纬度'], headerRow: 1, rows: [] }, {
      stationJurisdiction: '500110',
    });
    expect(report.findings.map((f) => f.problem)).toEqual(['NO_DATA_ROWS']);
  });
});
