import ExcelJS from 'exceljs';
import { escapeHtml } from '../../shared/html';
import type { ApiHandlers } from '../../shared/api/serve';
import type { OnDuty } from '../../shared/api/contract';
import type { RosterFile, RosterReview } from '../../shared/api/roster-calls';
import type { Incident } from '../../shared/domain/incident';
import type { Team } from '../../shared/domain/resources';
import type { Warning } from '../../shared/domain/operations';
import type { DomainEvent } from '../../shared/events/envelope';
import { domainError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import type { Obligation } from '../../shared/rules/obligation';
import { DAY, HOUR, formatChinaTime, toInstant, toMs } from '../../shared/time';
import type { RosterState } from '../../shared/roster/aggregate';
import { keyPeriodsForMonth } from '../../shared/roster/calendar';
import { checkRoster, fairnessTable, type RosterFinding } from '../../shared/roster/checks';
import { parseStaffRows } from '../../shared/roster/directory';
import { lateCheckIns, whoIsOnDuty, type DutyNow, type LateCheckIn } from '../../shared/roster/duty';
import { generateMonth } from '../../shared/roster/generate';
import { handoverSheet, type HandoverSheet } from '../../shared/roster/handover';
import { toICalendar } from '../../shared/roster/ical';
import type { Roster, RosterSettings, StaffMember } from '../../shared/roster/schemas';
import { wallTable, type WallTable } from '../../shared/roster/wall';
import { DUTY_LOG_KIND_LABELS } from '../../shared/labels/dutylog';
import { zhOf } from '../../shared/labels/labels';
import { TEAM_STATUS_LABELS } from '../../shared/labels/teams';
import type { ConsoleWriter } from './ports';
import { stationApiFeature } from './context';

/*
 * 值班表 at the station: who is on duty now (from the published roster, else the configured names),
 * the check-in watch, the handover sheet drafted from the station's records, and the roster files.
 */

type RosterMethods =
  | 'generateRoster'
  | 'rosterReview'
  | 'checkRosterDraft'
  | 'handoverDraft'
  | 'rosterWallView'
  | 'exportRosterXlsx'
  | 'exportRosterICal'
  | 'handoverPrintView'
  | 'importStaffXlsx';

/** A warning as far as the handover sheet reads it (the warnings projection's state fits). */
interface WarningLike {
  id: string;
  hazard: string;
  colour: Warning['colour'];
  issuedAt: string;
  liftedAt?: string;
  recipients: ReadonlyArray<{ acknowledgedAt?: string }>;
}

/** What the roster services read of the station store. */
export interface RosterStore {
  openIncidents(): Incident[];
  pendingObligations(): Obligation[];
  teams(): Team[];
  staff(): StaffMember[];
  rosters(): RosterState[];
  roster(id: string): RosterState | undefined;
  rostersCovering(from: string, until: string): RosterState[];
  readonly rosterSettings: RosterSettings;
  onAppended(listener: (events: DomainEvent[]) => void): () => void;
  /** Warnings in force, where the station keeps them (helper "warnings"). */
  warnings?(): WarningLike[];
  /** 值班日志 entries of a period (station/store/dutylog.ts), for the handover sheet. */
  dutyLog?(query: { from?: string; to?: string; station?: string; limit?: number }): DutyLogLike[];
}

/** A duty-log entry as far as the handover sheet reads it. */
interface DutyLogLike {
  id: string;
  occurredAt: string;
  kind: NonNullable<Parameters<typeof handoverSheet>[0]['dutyLog']>[number]['kind'];
  text: string;
  counterpart?: string | undefined;
  incidentId?: string | undefined;
}

export interface RosterServiceOptions {
  store: RosterStore;
  /** The staff sheet is registered as the person at this console. */
  writer: ConsoleWriter;
  /** This station: the handover sheet carries its own duty log, not its subordinates'. */
  stationId: string;
  jurisdiction: string;
  stationName: string;
  /** The names set on the command line: who is on duty when no published roster covers the instant. */
  configured: OnDuty;
  clock: () => number;
  /** Who is on duty changed (a shift boundary passed, the roster was edited). */
  onDutyChanged: (onDuty: OnDuty) => void;
  /** Seats not checked in past the grace period, as of each tick (empty when all are in). */
  lateCheckIns: (late: LateCheckIn[], nameOf: (personId: string) => string) => void;
  /** Seats of shifts starting within the warning window (48 h by default) that nobody holds. */
  uncoveredSoon?: (soon: RosterFinding[]) => void;
  /** How often the boundary and check-in watch looks (default 15 s). */
  tickMs?: number;
  onBug?: (error: unknown) => void;
}

export interface RosterService {
  handlers: Pick<ApiHandlers, RosterMethods>;
  /** Who is on duty now, as the header shows it. */
  onDuty(): OnDuty;
  /** The roster months near an instant (the one holding it and its neighbours), for the window. */
  recentRosters(): RosterState[];
  close(): void;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function createRosterService(options: RosterServiceOptions): RosterService {
  const { store, clock } = options;
  const iso = (ms: number) => toInstant(ms);
  // Rosters of the stations below reach this one through the hub; who is on duty HERE, its late check-ins,
  // its uncovered seats and its roster pane are read from this station's own roster only.
  const rostersCovering = (from: string, until: string) =>
    store.rostersCovering(from, until).filter((r) => r.roster.jurisdiction === options.jurisdiction);
  const nameMap = () => new Map(store.staff().map((p) => [p.id, p.name]));
  const rostersAround = (now: number): Roster[] =>
    rostersCovering(iso(now - DAY), iso(now + DAY)).map((r) => r.roster);

  const dutyNow = (now: number): DutyNow => whoIsOnDuty(rostersAround(now), now);

  const onDuty = (): OnDuty => {
    const duty = dutyNow(clock());
    if (!duty.leader && duty.officers.length === 0) return options.configured;
    const names = nameMap();
    const name = (id: string) => (names.get(id) ?? id).slice(0, 100);
    return {
      leader: duty.leader ? name(duty.leader.personId) : options.configured.leader,
      officers: duty.officers.slice(0, 20).map((o) => name(o.personId)),
    };
  };

  // The watch: at each tick, tell the windows when who is on duty changed, and report late check-ins.
  let last = JSON.stringify(onDuty());
  const tick = () => {
    try {
      const now = clock();
      const current = onDuty();
      const text = JSON.stringify(current);
      if (text !== last) {
        last = text;
        options.onDutyChanged(current);
      }
      const names = nameMap();
      options.lateCheckIns(
        lateCheckIns(rostersAround(now), now, store.rosterSettings.checkInGraceMinutes),
        (id) => names.get(id) ?? id,
      );
      if (options.uncoveredSoon) {
        const ahead = store.rosterSettings.uncoveredWarningHours * HOUR;
        const staff = store.staff();
        options.uncoveredSoon(
          rostersCovering(iso(now), iso(now + ahead))
            .flatMap((r) => checkRoster(r.roster, staff, store.rosterSettings, now))
            .filter((f) => f.code === 'UNCOVERED_SOON'),
        );
      }
    } catch (error) {
      options.onBug?.(error);
    }
  };
  const timer = setInterval(tick, options.tickMs ?? 15_000);
  timer.unref?.();
  const stopAppended = store.onAppended((events) => {
    if (events.some((e) => e.stream.startsWith('roster:') || e.stream.startsWith('staff:'))) tick();
  });
  tick();

  const review = (roster: Roster): RosterReview => {
    const staff = store.staff();
    return {
      roster,
      findings: checkRoster(roster, staff, store.rosterSettings, clock(), {
        previousShifts: previousShiftsOf(roster),
      }),
      fairness: fairnessTable(roster, staff),
    };
  };
  /** The last days of the month before, so rest is checked across the month edge. */
  const previousShiftsOf = (roster: Roster) =>
    rostersCovering(iso(toMs(roster.coversFrom) - 3 * DAY), roster.coversFrom)
      .filter((r) => r.roster.id !== roster.id)
      .flatMap((r) => r.roster.shifts);

  const rosterOr = (rosterId: string): Result<RosterState> => {
    const state = store.roster(rosterId);
    return state ? ok(state) : fail(domainError('NOT_FOUND', 'input.rosterId', rosterId));
  };

  /**
   * The sheet as of `at`. With no handover instant asked for, the handover is the end of the shift on duty at
   * `at`: the shift drawing up the sheet hands over to the one after it.
   */
  const draftHandover = (at: number, notes: string, askedFor?: number): HandoverSheet => {
    const rosters = rostersCovering(iso(at - 2 * DAY), iso(at + 2 * DAY)).map((r) => r.roster);
    const shifts = rosters.flatMap((r) => r.shifts);
    const runningNow = whoIsOnDuty(rosters, at).shiftIds[0];
    const runningEnds = shifts.find((s) => s.id === runningNow)?.endsAt;
    const handoverAt = askedFor ?? (runningEnds ? toMs(runningEnds) : at);
    // The outgoing shift's duty log: from the start of the shift running just before the handover.
    const outgoing = whoIsOnDuty(rosters, handoverAt - 1).shiftIds[0];
    const outgoingStart = shifts.find((s) => s.id === outgoing)?.startsAt;
    const from = outgoingStart ?? iso(at - DAY);
    return handoverSheet({
      at: askedFor ?? at,
      handoverAt,
      roster: rosters,
      dutyLog: store.dutyLog?.({ from, to: iso(at + 1), station: options.stationId, limit: 500 }) ?? [],
      openIncidents: store.openIncidents(),
      pendingObligations: store.pendingObligations(),
      unacknowledgedWarnings: store.warnings?.() ?? [],
      teamsOut: store.teams(),
      notes,
    });
  };

  const handlers: Pick<ApiHandlers, RosterMethods> = {
    generateRoster: (request) => {
      const [year, month] = request.month.split('-').map(Number) as [number, number];
      const keyPeriods = keyPeriodsForMonth(year, month, {
        holidayDepartments: request.holidayDepartments,
        others: request.keyPeriods,
      });
      const staff = store.staff();
      const generated = generateMonth({
        jurisdiction: options.jurisdiction,
        year,
        month,
        pattern: request.pattern,
        positions: request.positions,
        staff: staff.filter((p) => p.active),
        settings: store.rosterSettings,
        keyPeriods,
        previousShifts: rostersCovering(
          iso(Date.UTC(year, month - 1, 1) - 3 * DAY),
          iso(Date.UTC(year, month - 1, 1)),
        ).flatMap((r) => r.roster.shifts),
      });
      return generated.ok ? ok(review(generated.value)) : generated;
    },
    rosterReview: ({ rosterId }) => {
      const state = rosterOr(rosterId);
      return state.ok ? ok(review(state.value.roster)) : state;
    },
    checkRosterDraft: ({ roster }) => ok(review(roster)),
    handoverDraft: ({ at, notes }) =>
      ok(at ? draftHandover(toMs(at), notes, toMs(at)) : draftHandover(clock(), notes)),
    rosterWallView: ({ rosterId }) => {
      const state = rosterOr(rosterId);
      if (!state.ok) return state;
      return ok(wallHtml(wallTable(state.value.roster, store.staff()), options.stationName));
    },
    exportRosterXlsx: async ({ rosterId }) => {
      const state = rosterOr(rosterId);
      if (!state.ok) return state;
      const table = wallTable(state.value.roster, store.staff());
      const bytes = await wallXlsx(table, options.stationName);
      return ok({
        fileName: `值班表-${table.month}.xlsx`,
        mediaType: XLSX,
        base64: bytes.toString('base64'),
      });
    },
    exportRosterICal: ({ rosterId, personId }) => {
      const state = rosterOr(rosterId);
      if (!state.ok) return state;
      const person = store.staff().find((p) => p.id === personId);
      if (!person) return fail(domainError('UNKNOWN_PERSON', 'input.personId', personId));
      const text = toICalendar(person, state.value.roster.shifts, {
        now: clock(),
        dutyRoom: options.stationName,
      });
      const file: RosterFile = {
        fileName: `值班-${person.name}-${state.value.roster.month}.ics`,
        mediaType: 'text/calendar',
        base64: Buffer.from(text, 'utf8').toString('base64'),
      };
      return ok(file);
    },
    handoverPrintView: ({ rosterId, handoverId }) => {
      const state = rosterOr(rosterId);
      if (!state.ok) return state;
      const handover = state.value.handovers[handoverId];
      if (!handover) return fail(domainError('NOT_FOUND', 'input.handoverId', handoverId));
      return ok(handoverHtml(handover, nameMap(), options.stationName));
    },
    importStaffXlsx: async ({ base64 }) => {
      const rows = await sheetRows(Buffer.from(base64, 'base64'));
      if (!rows.ok) return rows;
      const parsed = parseStaffRows(rows.value);
      if (!parsed.ok) return parsed;
      // Every row was checked before the first is registered: the sheet goes in whole or not at all.
      for (const member of parsed.value) {
        const done = options.writer.execute({ id: newId(), type: 'staff.register', payload: { member } });
        if (!done.ok) return done;
      }
      return ok({ registered: parsed.value.length, members: parsed.value });
    },
  };

  return {
    handlers,
    onDuty,
    recentRosters: () => {
      const now = clock();
      return rostersCovering(iso(now - 40 * DAY), iso(now + 70 * DAY));
    },
    close() {
      clearInterval(timer);
      stopAppended();
    },
  };
}

/** Rows of cell texts of the first sheet of an .xlsx file. */
async function sheetRows(bytes: Buffer): Promise<Result<string[][]>> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS takes an ArrayBuffer: the sheet's own bytes, copied out of Node's pooled buffer.
    await workbook.xlsx.load(Uint8Array.from(bytes).buffer);
  } catch (error) {
    return fail(
      domainError('INVALID_FIELD', 'input.base64', `not an .xlsx file: ${String(error).slice(0, 200)}`),
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return fail(domainError('INVALID_FIELD', 'input.base64', 'the workbook has no sheet'));
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((v) => (v === null || v === undefined ? '' : cellText(v))));
  });
  return ok(rows);
}

const cellText = (v: unknown): string => {
  if (typeof v === 'object' && v !== null) {
    if ('text' in v) return String(v.text);
    if ('result' in v) return String(v.result);
    if ('richText' in v)
      return (v as { richText: Array<{ text: string }> }).richText.map((r) => r.text).join('');
  }
  return String(v);
};

const PRINT_CSS = `body{font-family:"SimSun","Songti SC",serif;margin:16mm}h1{text-align:center;font-size:22pt}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #000;padding:4px 6px;font-size:11pt;text-align:center}
.holiday{background:#fde2e2}.weekend{background:#f2f2f2}.vacant{color:#c00;font-weight:bold}
h2{font-size:14pt;margin-top:18px}.sign{margin-top:30px;display:flex;justify-content:space-between}
@media print{body{margin:10mm}}`;

/** The wall table as a self-contained page for a sandboxed print frame. */
export function wallHtml(table: WallTable, stationName: string): string {
  const [year, month] = table.month.split('-');
  const body = table.rows
    .map((row) => {
      const cls = row.dayKind === 'holiday' ? 'holiday' : row.dayKind === 'weekend' ? 'weekend' : '';
      const cells = row.cells.map((c) => {
        const leader = c.leader === '空缺' ? `<span class="vacant">空缺</span>` : escapeHtml(c.leader);
        const officers = c.officers
          .map((o) => (o === '空缺' ? `<span class="vacant">空缺</span>` : escapeHtml(o)))
          .join('、');
        const liaisons = c.liaisons.map(escapeHtml).join('、');
        return `<td>${escapeHtml(c.time)}</td><td>${leader}</td><td>${officers}</td><td>${liaisons}${
          c.keyPeriod ? `<br><small>${escapeHtml(c.keyPeriod)}</small>` : ''
        }</td>`;
      });
      return `<tr class="${cls}"><td>${escapeHtml(row.date.slice(5))}</td><td>${escapeHtml(row.weekday)}${
        row.holidayName ? `<br><small>${escapeHtml(row.holidayName)}</small>` : ''
      }</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  const contacts = table.contacts
    .map((c) => `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.phones.join('、'))}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>值班表 ${escapeHtml(table.month)}</title>
<style>${PRINT_CSS}</style></head><body>
<h1>${escapeHtml(stationName)}${escapeHtml(year ?? '')}年${Number(month)}月值班表</h1>
<table><thead><tr><th>日期</th><th>星期</th><th>班次</th><th>带班领导</th><th>值班员</th><th>联络员 / 联合值守</th></tr></thead>
<tbody>${body}</tbody></table>
<h2>联系电话</h2><table><tbody>${contacts}</tbody></table>
</body></html>`;
}

/** The same wall table as a workbook offices can edit and print. */
export async function wallXlsx(table: WallTable, stationName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Duty Room';
  const sheet = workbook.addWorksheet(table.month);
  sheet.addRow([`${stationName} ${table.month} 值班表`]);
  sheet.mergeCells(1, 1, 1, 6);
  sheet.getRow(1).font = { bold: true, size: 16 };
  sheet.addRow(['日期', '星期', '班次', '带班领导', '值班员', '联络员 / 联合值守']).font = { bold: true };
  for (const row of table.rows) {
    for (const c of row.cells) {
      sheet.addRow([
        row.date,
        row.holidayName ? `${row.weekday}（${row.holidayName}）` : row.weekday,
        c.time,
        c.leader,
        c.officers.join('、'),
        [...c.liaisons, ...(c.keyPeriod ? [c.keyPeriod] : [])].join('、'),
      ]);
    }
  }
  sheet.columns.forEach((col, i) => {
    col.width = [12, 14, 18, 12, 24, 24][i] ?? 12;
  });
  sheet.addRow([]);
  sheet.addRow(['联系电话']).font = { bold: true };
  for (const c of table.contacts) sheet.addRow([c.name, c.phones.join('、')]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const logKindZh: Record<string, string> = zhOf(DUTY_LOG_KIND_LABELS);

/** The handover sheet's words for an incident's status (its own: 已接报), and a team's (the shared table's). */
const statusZh: Record<string, string> = {
  received: '已接报',
  responding: '处置中',
  ...zhOf(TEAM_STATUS_LABELS),
};

/** A handover as kept, with both signatures, as a printable page. */
export function handoverHtml(
  handover: RosterState['handovers'][string],
  names: ReadonlyMap<string, string>,
  stationName: string,
): string {
  const { sheet } = handover;
  const name = (id: string | undefined) => (id ? escapeHtml(names.get(id) ?? id) : '—');
  const crew = (c: HandoverSheet['outgoing']) =>
    `带班领导 ${name(c.leader)}；值班员 ${c.officers.map((o) => name(o)).join('、') || '—'}`;
  const time = (iso: string) => escapeHtml(formatChinaTime(toMs(iso)));
  const list = (head: string[], rows: string[][], omitted: number) =>
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${
      rows.length === 0
        ? `<tr><td colspan="${head.length}">无</td></tr>`
        : rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')
    }</tbody></table>${omitted > 0 ? `<p>另有 ${omitted} 项未列出</p>` : ''}`;
  const signed = (side: 'outgoing' | 'incoming') => {
    const s = handover.signatures[side];
    if (!s) return '未签字';
    // How the signer was verified (issue 17): their own PIN at that moment; older records did not say.
    return `${name(s.personId)}（${time(s.at)}，${s.verification?.method === 'pin' ? '本人口令确认' : '未记录验证方式'}）`;
  };
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>交接班记录</title>
<style>${PRINT_CSS}</style></head><body>
<h1>${escapeHtml(stationName)}交接班记录</h1>
<p>交接时间：${time(sheet.handoverAt)}</p>
<p>交班：${crew(sheet.outgoing)}</p><p>接班：${crew(sheet.incoming)}</p>
<h2>未结事件</h2>${list(
    ['事件', '级别', '状态', '接报时间'],
    sheet.openIncidents.map((i) => [
      escapeHtml(i.title),
      i.level,
      statusZh[i.status] ?? i.status,
      time(i.receivedAt),
    ]),
    sheet.omitted.openIncidents,
  )}
<h2>待报信息</h2>${list(
    ['事件', '报送项', '时限', '剩余'],
    sheet.pendingObligations.map((o) => [
      escapeHtml(o.incidentTitle ?? o.incidentId),
      escapeHtml(o.key),
      time(o.dueAt),
      o.overdue ? '已超时' : `${o.minutesLeft} 分钟`,
    ]),
    sheet.omitted.pendingObligations,
  )}
<h2>未叫应预警</h2>${list(
    ['预警', '级别', '发布时间', '未叫应 / 总数'],
    sheet.unacknowledgedWarnings.map((w) => [
      escapeHtml(w.hazard),
      w.colour,
      time(w.issuedAt),
      `${w.unacknowledged} / ${w.recipients}`,
    ]),
    sheet.omitted.unacknowledgedWarnings,
  )}
<h2>出动未归队伍</h2>${list(
    ['队伍', '状态'],
    sheet.teamsOut.map((t) => [escapeHtml(t.name), statusZh[t.status] ?? t.status]),
    sheet.omitted.teamsOut,
  )}
<h2>值班日志</h2>${list(
    ['时间', '类型', '对方', '内容'],
    (sheet.dutyLog ?? []).map((e) => [
      time(e.occurredAt),
      logKindZh[e.kind] ?? e.kind,
      escapeHtml(e.counterpart ?? ''),
      escapeHtml(e.text),
    ]),
    sheet.omitted.dutyLog ?? 0,
  )}
<h2>备注</h2><p>${escapeHtml(sheet.notes) || '无'}</p>
<div class="sign"><span>交班人：${signed('outgoing')}</span><span>接班人：${signed('incoming')}</span></div>
</body></html>`;
}

/** The staff and roster months some committed events changed, for the `changes` push. */
export function rosterChangesOf(
  store: Pick<RosterStore, 'staff' | 'roster'>,
  events: readonly DomainEvent[],
): { staff?: StaffMember[]; rosters?: RosterState[] } {
  const rosterIds = new Set<string>();
  let staffChanged = false;
  for (const e of events) {
    if (e.stream.startsWith('roster:')) rosterIds.add(e.stream.slice('roster:'.length));
    else if (e.stream.startsWith('staff:')) staffChanged = true;
  }
  return {
    ...(staffChanged ? { staff: store.staff() } : {}),
    ...(rosterIds.size > 0 ? { rosters: [...rosterIds].flatMap((id) => store.roster(id) ?? []) } : {}),
  };
}

/**
 * 值班表 at the station API: who is on duty now (in the header, pushed when it changes), seats not checked
 * in (到岗签到) and seats nobody holds as alarms, the staff and roster months a window opens with.
 */
export const rosterApi = stationApiFeature({
  name: 'roster',
  // A handover signature from a screen needs the signer's own PIN at that moment: signHandover.
  screenRefuses: { 'roster.sign_handover': 'CONFIRMATION_REQUIRED' },
  open: ({ store, asOperator, station, options, clock, emit, alarms, emitAlarms }) => {
    const roster = createRosterService({
      store,
      writer: asOperator,
      stationId: station.stationId,
      jurisdiction: station.jurisdiction,
      stationName: station.name,
      configured: options.onDuty,
      clock,
      onDutyChanged: (onDuty) => emit({ kind: 'on_duty', onDuty }),
      lateCheckIns: (late, nameOf) => emitAlarms(alarms.fromCheckIns(late, clock(), nameOf)),
      uncoveredSoon: (soon) => emitAlarms(alarms.fromUncovered(soon, clock())),
      ...(options.onBug ? { onBug: options.onBug } : {}),
    });
    return {
      handlers: roster.handlers,
      snapshot: () => ({ staff: store.staff(), rosters: roster.recentRosters() }),
      changedIn: (events) => rosterChangesOf(store, events),
      stationInfo: () => ({ onDuty: roster.onDuty() }),
      close: () => roster.close(),
    };
  },
});
