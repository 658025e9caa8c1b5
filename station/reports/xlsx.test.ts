import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { MINUTE, toInstant, toMs } from '../../shared/time';
import { draftFromIncident } from '../../shared/reports/draft';
import { timelinessStats, type TimelinessInput, type TimelinessStats } from '../../shared/reports/timeliness';
import { DutyRoomStory, landslideFacts } from '../../shared/reports/reports.testing';
import { obligationsFor } from '../../shared/rules/obligations';
import { defaultRuleProfile } from '../../shared/rules/profile';
import { SHEETS, timelinessXlsx, writeTimelinessXlsx } from './xlsx';

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return wb;
}

/** A sheet's rows as arrays of cell values, header included. */
function rowsOf(wb: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = wb.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

function statsOrThrow(input: TimelinessInput, now: number): TimelinessStats {
  const r = timelinessStats(input, now);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const DAY_START = toMs('2026-11-24T16:00:00.000Z'); // 2026-11-25 00:00 China time
const at = (min: number) => toInstant(DAY_START + min * MINUTE);

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('timeliness statistics exported to .xlsx', () => {
  const stats = statsOrThrow(
    {
      period: { from: DAY_START, to: DAY_START + 1440 * MINUTE },
      stations: [
        {
          station: 'district-500101',
          stationName: '某区应急管理局',
          obligations: [
            {
              key: 'initial.phone',
              incidentId: 'INC-A',
              kind: 'initial_phone',
              dueAt: at(30),
              state: 'met',
              metAt: at(20),
            },
            {
              key: 'initial.written',
              incidentId: 'INC-A',
              kind: 'initial_written',
              dueAt: at(60),
              state: 'met_late',
              metAt: at(75),
            },
            { key: 'follow_up.1', incidentId: 'INC-A', kind: 'follow_up', dueAt: at(300), state: 'overdue' },
          ],
        },
      ],
      incidents: [{ id: 'INC-A', station: 'district-500101', receivedAt: at(0) }],
      reports: [],
    },
    DAY_START + 600 * MINUTE,
  );

  it('reads back with one sheet per view and the figures of the statistics', async () => {
    const wb = await readBack(
      await timelinessXlsx(stats, { incidentTitle: (id) => (id === 'INC-A' ? '某镇山体滑坡' : undefined) }),
    );
    expect(wb.worksheets.map((s) => s.name)).toEqual(Object.values(SHEETS));

    const overview = rowsOf(wb, SHEETS.overview);
    expect(overview).toContainEqual(['统计时段（起）', '2026-11-25 00:00']);
    expect(overview).toContainEqual(['统计截至', '2026-11-25 10:00']);
    expect(overview).toContainEqual(['应报', 3]);
    expect(overview).toContainEqual(['按时率', 1 / 3]);

    const byKind = rowsOf(wb, SHEETS.byKind);
    expect(byKind[0]).toEqual(['报告类型', '应报', '按时', '迟报', '逾期未报', '未到期', '已豁免', '按时率']);
    expect(byKind).toContainEqual(['电话首报', 1, 1, 0, 0, 0, 0, 1]);
    expect(byKind).toContainEqual(['书面首报', 1, 0, 1, 0, 0, 0, 0]);
    expect(byKind).toContainEqual(['续报', 1, 0, 0, 1, 0, 0, 0]);
    expect(byKind.at(-1)).toEqual(['合计', 3, 1, 1, 1, 0, 0, 1 / 3]);
    expect(wb.getWorksheet(SHEETS.byKind)!.getCell('H2').numFmt).toBe('0.0%');

    const detail = rowsOf(wb, SHEETS.exceptions);
    expect(detail.slice(1)).toEqual([
      ['某区应急管理局', '某镇山体滑坡', '续报', '2026-11-25 05:00', '', 300, '逾期未报'],
      ['某区应急管理局', '某镇山体滑坡', '书面首报', '2026-11-25 01:00', '2026-11-25 01:15', 15, '迟报'],
    ]);
  });

  it('is written to disk under its name and opens from there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'duty-room-xlsx-'));
    dirs.push(dir);
    const path = join(dir, '及时性统计.xlsx');
    await writeTimelinessXlsx(path, stats);
    const wb = await readBack(await readFile(path));
    expect(rowsOf(wb, SHEETS.byStation)).toContainEqual(['某区应急管理局', 3, 1, 1, 1, 0, 0, 1 / 3]);
  });
});

describe('timeliness from the deadline engine, end to end to .xlsx', () => {
  it('a district that reported in 20 minutes is on time and one that took 5 hours is listed as late', async () => {
    const station = { unit: '某区应急管理局', reporter: '王明', contact: '023-12345678' };
    const RECEIVED = '2026-11-25T01:52:00.000Z';
    const prompt = new DutyRoomStory(RECEIVED, '500101');
    const slow = new DutyRoomStory(RECEIVED, '500102');
    for (const [story, delay] of [
      [prompt, 20],
      [slow, 300],
    ] as const) {
      const incident = story.register({
        ...landslideFacts(RECEIVED),
        level: 'III',
        location: { areaCode: story.jurisdiction, address: '某村' },
      });
      const drafted = draftFromIncident('initial', incident, [], station, story.now);
      if (!drafted.ok) throw new Error('draft refused');
      story.advance(delay - 9).issue('initial', drafted.value); // issue() takes 9 minutes to sign and send
    }
    const now = toMs(RECEIVED) + 8 * 60 * MINUTE;
    const stats = statsOrThrow(
      {
        period: { from: DAY_START, to: DAY_START + 1440 * MINUTE },
        stations: [prompt, slow].map((s) => ({
          station: s.jurisdiction,
          stationName: s === prompt ? '甲区应急管理局' : '乙区应急管理局',
          obligations: obligationsFor(s.events, defaultRuleProfile, now, s.jurisdiction),
        })),
        incidents: [prompt, slow].map((s) => ({
          id: s.incidentId,
          station: s.jurisdiction,
          receivedAt: RECEIVED,
        })),
        reports: [prompt, slow].flatMap((s) => [...s.reports.values()]),
      },
      now,
    );
    const wb = await readBack(await timelinessXlsx(stats));
    const byStation = rowsOf(wb, SHEETS.byStation);
    const row = (name: string) => byStation.find((r) => r[0] === name);
    const promptRow = row('甲区应急管理局')!;
    expect(promptRow[1]).toBeGreaterThan(0);
    expect(promptRow.slice(2, 5)).toEqual([promptRow[1], 0, 0]); // every one owed: on time, none late or missing
    expect(row('乙区应急管理局')?.[3]).toBeGreaterThan(0);
    const detail = rowsOf(wb, SHEETS.exceptions).slice(1);
    expect(detail.length).toBeGreaterThan(0);
    expect(detail.every((r) => r[0] === '乙区应急管理局' && r[6] === '迟报')).toBe(true);
    expect(rowsOf(wb, SHEETS.firstReport)).toContainEqual(['合计', 2, 2, (20 + 300) / 2]);
  });
});
