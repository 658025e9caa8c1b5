import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { officer, registerIncidentCommand, registerTeamCommand } from '../store/store.testing';
import { openTestStation } from './api.testing';
import { createStationApi, standaloneLink } from '.';
import { DeadlineScheduler } from '../scheduler';
import { newId } from '../../shared/ids';
import type { Actor } from '../../shared/domain/common';
import { chinaWallTime, toInstant } from '../../shared/time';
import { StaffMember } from '../../shared/roster/schemas';

/** The roster calls over a real store and the JSON transport, with a clock the test moves. */
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(start = chinaWallTime(2026, 11, 20, 10, 0)) {
  let now = start;
  // The leader on duty is at this console: the station stamps every command sent from it as theirs.
  const station = openTestStation({ name: '某区应急管理局值班室', clock: () => now, operator: boss });
  cleanups.push(station.close);
  return { ...station, clock: () => now, setNow: (ms: number) => (now = ms) };
}

/**
 * Another console of the same station with `person` at it: a check-in or a handover signature is theirs
 * because they give it at their console, never because a command names them.
 */
function consoleOf(station: ReturnType<typeof setup>, person: Actor) {
  const link = standaloneLink(station.store);
  const api = createStationApi({
    store: station.store,
    station: {
      stationId: station.store.stationId,
      jurisdiction: station.store.jurisdiction,
      name: '某区应急管理局值班室',
    },
    operator: person,
    onDuty: { leader: null, officers: [] },
    link,
    clock: station.clock,
    alarmCheckMs: 60_000,
    deadlines: new DeadlineScheduler({ store: station.store }),
  });
  // Closed before the station closes its store.
  cleanups.unshift(() => {
    api.close();
    link.close();
  });
  return { execute: (command: unknown) => api.dispatch({ method: 'execute', input: command }) };
}

const staff = [
  StaffMember.parse({ id: 'leader-1', name: '张局长', dutyRoles: ['leader'], phones: ['13800000001'] }),
  StaffMember.parse({ id: 'leader-2', name: '王副局长', dutyRoles: ['leader'] }),
  StaffMember.parse({ id: 'leader-3', name: '赵副局长', dutyRoles: ['leader'] }),
  ...['甲', '乙', '丙', '丁', '戊', '己'].map((n, i) =>
    StaffMember.parse({ id: `officer-${i + 1}`, name: `值班员${n}` }),
  ),
];
const boss: Actor = { id: 'leader-1', name: '张局长', role: 'leader' };
const cmd = (type: string, payload: Record<string, unknown>) => ({ id: newId(), type, payload });

async function publishDecember(client: ReturnType<typeof setup>['client']) {
  for (const member of staff)
    expect((await client.execute(cmd('staff.register', { member }) as never)).ok).toBe(true);
  const generated = await client.generateRoster({
    month: '2026-12',
    pattern: { kind: 'daily24', handoverAt: '08:30' },
    positions: { officers: 2, liaison: false },
  });
  if (!generated.ok) throw new Error(JSON.stringify(generated.errors));
  const published = await client.execute(cmd('roster.publish', { roster: generated.value.roster }) as never);
  expect(published.ok, JSON.stringify(published)).toBe(true);
  return generated.value;
}

describe('roster station API', () => {
  it('generates a month from a custom day cut: three 8-hour shifts a day, each with its leader', async () => {
    const { client } = setup();
    for (const member of staff)
      expect((await client.execute(cmd('staff.register', { member }) as never)).ok).toBe(true);
    const generated = await client.generateRoster({
      month: '2026-12',
      pattern: {
        kind: 'custom',
        segments: [
          { label: '早班', startsAt: '08:00', hours: 8 },
          { label: '中班', startsAt: '16:00', hours: 8 },
          { label: '夜班', startsAt: '00:00', hours: 8 },
        ],
      },
      positions: { officers: 1, liaison: false },
    });
    if (!generated.ok) throw new Error(JSON.stringify(generated.errors));
    expect(generated.value.roster.shifts).toHaveLength(93);
    // Every hour of the month is covered by exactly one of the three shifts.
    const hours = generated.value.roster.shifts.map(
      (s) => (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 3_600_000,
    );
    expect(new Set(hours)).toEqual(new Set([8]));
    expect(generated.value.findings.filter((f) => f.code === 'SHIFT_WITHOUT_LEADER')).toEqual([]);
  });

  it('generates a month that passes its own checks, and flags a removed leader and a double booking once published', async () => {
    const { client } = setup();
    const review = await publishDecember(client);
    expect(review.roster.shifts).toHaveLength(31);
    expect(review.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(review.fairness.map((r) => r.personId)).toContain('officer-1');

    const id = review.roster.id;
    const fifth = review.roster.shifts[4];
    expect(
      (
        await client.execute(
          cmd('roster.assign_position', { rosterId: id, shiftId: fifth.id, positionIndex: 0 }) as never,
        )
      ).ok,
    ).toBe(true);
    const tenth = review.roster.shifts[9];
    const twice = tenth.positions[1].personId!;
    const booked = await client.execute(
      cmd('roster.assign_position', {
        rosterId: id,
        shiftId: tenth.id,
        positionIndex: 2,
        personId: twice,
      }) as never,
    );
    expect(booked.ok).toBe(true);
    const after = await client.rosterReview({ rosterId: id });
    if (!after.ok) throw new Error('review failed');
    const codes = after.value.findings.map((f) => `${f.code}@${f.shiftId}`);
    expect(codes).toContain(`SHIFT_WITHOUT_LEADER@${fifth.id}`);
    expect(codes).toContain(`DOUBLE_BOOKED@${tenth.id}`);
    // Snapshot and push carry the staff and the month.
    const snap = await client.snapshot({});
    if (!snap.ok) throw new Error('snapshot');
    expect(snap.value.staff).toHaveLength(staff.length);
    expect(snap.value.rosters.map((r) => r.roster.id)).toEqual([id]);
  });

  it('says who is on duty from the roster, pushes it at the handover, and alarms a seat not checked in', async () => {
    const station = setup();
    const { client, pushes, setNow, api } = station;
    const review = await publishDecember(client);
    // Before the month starts, the configured names stand.
    let snap = await client.snapshot({});
    expect(snap.ok && snap.value.station.onDuty.leader).toBe('李主任');
    // 1 December 08:40: the first shift has run 10 minutes; grace is 15.
    setNow(chinaWallTime(2026, 12, 1, 8, 40));
    const first = review.roster.shifts[0];
    const leaderName = staff.find((p) => p.id === first.positions[0].personId)!.name;
    // Any roster event runs the watch; so does the timer.
    const holder = first.positions[1].personId!;
    const early = await consoleOf(station, { id: holder, role: 'officer' }).execute(
      cmd('roster.check_in', { rosterId: review.roster.id, shiftId: first.id, positionIndex: 1 }),
    );
    expect(early.ok, JSON.stringify(early)).toBe(true);
    snap = await client.snapshot({});
    expect(snap.ok && snap.value.station.onDuty.leader).toBe(leaderName);
    expect(pushes.some((p) => p.kind === 'on_duty' && p.onDuty.leader === leaderName)).toBe(true);
    expect(pushes.some((p) => p.kind === 'alarm_raised' && p.alarm.kind === 'check_in_late')).toBe(false);

    // 08:50: past the grace: the leader and the other officer are late, the one checked in is not.
    setNow(chinaWallTime(2026, 12, 1, 8, 50));
    const other = first.positions[2].personId!;
    await client.execute(cmd('staff.register', { member: staff.find((p) => p.id === other)! }) as never);
    const late = pushes.flatMap((p) =>
      p.kind === 'alarm_raised' && p.alarm.kind === 'check_in_late' ? [p.alarm] : [],
    );
    expect(late.map((a) => a.params.person).sort()).toEqual(
      [leaderName, staff.find((p) => p.id === other)!.name].sort(),
    );
    const officerAlarm = late.find((a) => a.params.role === 'officer')!;
    expect(officerAlarm.params.leader).toBe(leaderName);
    // Checking in clears that alarm.
    const checked = await consoleOf(station, { id: other, role: 'officer' }).execute(
      cmd('roster.check_in', { rosterId: review.roster.id, shiftId: first.id, positionIndex: 2 }),
    );
    expect(checked.ok).toBe(true);
    expect(pushes.some((p) => p.kind === 'alarm_cleared' && p.alarmId === officerAlarm.id)).toBe(true);

    // A seat of tomorrow's shift left empty: within 48 h, so the duty room is warned; filling it clears that.
    const tomorrow = review.roster.shifts[1];
    const holderOf = tomorrow.positions[1].personId!;
    await client.execute(
      cmd('roster.assign_position', {
        rosterId: review.roster.id,
        shiftId: tomorrow.id,
        positionIndex: 1,
      }) as never,
    );
    const gap = pushes.find((p) => p.kind === 'alarm_raised' && p.alarm.kind === 'roster_uncovered');
    expect(gap && gap.kind === 'alarm_raised' && gap.alarm.params.seats).toContain('值班员');
    await client.execute(
      cmd('roster.assign_position', {
        rosterId: review.roster.id,
        shiftId: tomorrow.id,
        positionIndex: 1,
        personId: holderOf,
      }) as never,
    );
    expect(
      pushes.some(
        (p) => p.kind === 'alarm_cleared' && gap?.kind === 'alarm_raised' && p.alarmId === gap.alarm.id,
      ),
    ).toBe(true);
    api.close();
  });

  it('drafts a handover sheet with the open incident, its pending report and teams out; records and signs it', async () => {
    const station = setup();
    const { client, store, setNow } = station;
    const review = await publishDecember(client);
    setNow(chinaWallTime(2026, 12, 2, 8, 25));
    const reg = registerIncidentCommand({ title: '某镇山体滑坡' });
    reg.payload.facts.receivedAt = toInstant(chinaWallTime(2026, 12, 2, 8, 0));
    reg.payload.facts.occurredAt = toInstant(chinaWallTime(2026, 12, 2, 7, 50));
    expect(store.execute(reg, officer).ok).toBe(true);
    expect(store.execute(registerTeamCommand('team-1'), officer).ok).toBe(true);
    // Duty-log entries: one in the outgoing shift (on the sheet), one of the day before (not).
    const logged = store.execute(
      cmd('dutylog.record', {
        kind: 'instruction_relayed',
        text: '转达区领导指示：立即组织转移群众',
        counterpart: '某镇值班室',
        occurredAt: toInstant(chinaWallTime(2026, 12, 2, 8, 10)),
      }),
      boss,
    );
    expect(logged.ok, JSON.stringify(logged)).toBe(true);
    expect(
      store.execute(
        cmd('dutylog.record', {
          kind: 'note',
          text: '前一班的记事',
          occurredAt: toInstant(chinaWallTime(2026, 12, 1, 8, 0)),
        }),
        boss,
      ).ok,
    ).toBe(true);
    const sheet = await client.handoverDraft({
      at: toInstant(chinaWallTime(2026, 12, 2, 8, 30)),
      notes: '注意后山监测',
    });
    if (!sheet.ok) throw new Error(JSON.stringify(sheet.errors));
    expect(sheet.value.openIncidents.map((i) => i.title)).toEqual(['某镇山体滑坡']);
    expect(sheet.value.pendingObligations.length).toBeGreaterThan(0);
    expect(sheet.value.pendingObligations[0].incidentTitle).toBe('某镇山体滑坡');
    const outgoing = review.roster.shifts[0];
    const incoming = review.roster.shifts[1];
    expect(sheet.value.outgoing.leader).toBe(outgoing.positions[0].personId);
    expect(sheet.value.incoming.leader).toBe(incoming.positions[0].personId);
    expect(sheet.value.dutyLog.map((e) => e.text)).toEqual(['转达区领导指示：立即组织转移群众']);

    const handoverId = newId();
    const rec = await client.execute(
      cmd('roster.record_handover', { rosterId: review.roster.id, handoverId, sheet: sheet.value }) as never,
    );
    expect(rec.ok, JSON.stringify(rec)).toBe(true);
    setNow(chinaWallTime(2026, 12, 2, 8, 35));
    const out = consoleOf(station, { id: outgoing.positions[1].personId!, role: 'officer' });
    const inn = consoleOf(station, { id: incoming.positions[1].personId!, role: 'officer' });
    const sign = (side: 'outgoing' | 'incoming') =>
      cmd('roster.sign_handover', { rosterId: review.roster.id, handoverId, side });
    expect((await out.execute(sign('outgoing'))).ok).toBe(true);
    // The outgoing officer cannot sign for the incoming shift.
    const wrongSide = await out.execute(sign('incoming'));
    expect(wrongSide.ok).toBe(false);
    expect((await inn.execute(sign('incoming'))).ok).toBe(true);
    const page = await client.handoverPrintView({ rosterId: review.roster.id, handoverId });
    if (!page.ok) throw new Error('print');
    expect(page.value).toContain('某镇山体滑坡');
    expect(page.value).toContain('注意后山监测');
    expect(page.value).toContain('转达区领导指示');
    expect(page.value).not.toContain('未签字');
  });

  it('exports the wall table as HTML and .xlsx, one person as iCalendar, and imports a staff sheet whole or not at all', async () => {
    const { client, store } = setup();
    const review = await publishDecember(client);
    const html = await client.rosterWallView({ rosterId: review.roster.id });
    expect(html.ok && html.value).toContain('2026年12月值班表');
    expect(html.ok && html.value).toContain('张局长');
    const xlsx = await client.exportRosterXlsx({ rosterId: review.roster.id });
    if (!xlsx.ok) throw new Error('xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.value.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBeGreaterThan(31);
    expect(sheet.getRow(3).getCell(1).text).toBe('2026-12-01');
    const ics = await client.exportRosterICal({ rosterId: review.roster.id, personId: 'officer-1' });
    if (!ics.ok) throw new Error('ics');
    const text = Buffer.from(ics.value.base64, 'base64').toString('utf8');
    expect(text).toContain('BEGIN:VCALENDAR');
    const seats = review.roster.shifts.filter((s) =>
      s.positions.some((p) => p.personId === 'officer-1'),
    ).length;
    expect(text.split('BEGIN:VEVENT').length - 1).toBe(seats);
    expect((await client.exportRosterICal({ rosterId: review.roster.id, personId: 'nobody' })).ok).toBe(
      false,
    );

    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('名录');
    ws.addRow(['工号', '姓名', '部门', '电话', '值班岗位']);
    ws.addRow(['p-101', '钱值班', '应急管理局', '13900000001', '值班员']);
    ws.addRow(['p-102', '孙领导', '应急管理局', '13900000002', '带班领导']);
    const good = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const imported = await client.importStaffXlsx({ base64: good });
    expect(imported.ok && imported.value.registered).toBe(2);
    expect(store.staff().map((p) => p.id)).toEqual(expect.arrayContaining(['p-101', 'p-102']));
    ws.addRow(['p-103', '', '应急管理局', '1390000000x', '值班员']);
    const bad = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    const refused = await client.importStaffXlsx({ base64: bad });
    expect(refused.ok).toBe(false);
    expect(store.staff().map((p) => p.id)).not.toContain('p-103');
    const junk = await client.importStaffXlsx({ base64: Buffer.from('not a workbook').toString('base64') });
    expect(junk.ok).toBe(false);
  });
});
