import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { AsyncThunkAction } from '@reduxjs/toolkit';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { StationThunk } from '../../app/commands';
import type { DomainError } from '../../../shared/errors';
import type { RosterFinding } from '../../../shared/roster/checks';
import type { Roster } from '../../../shared/roster/schemas';
import { formatChinaTime } from '../../../shared/time';
import {
  assignSeat,
  checkIn,
  decideSwap,
  draftHandover,
  exportRosterFile,
  generateRoster,
  importStaffFile,
  printView,
  publishRoster,
  recordHandover,
  requestSwap,
} from './commands';
import { parseSegments } from './segments';
import { inUrgencyOrder } from './handoverOrder';
import { SignHandover } from '../signin/SignHandover';
import { selectIncidentsByUrgency } from '../incidents/selectors';
import {
  candidatesFor,
  nextMonth,
  selectFairness,
  selectFindings,
  selectFindingsByShift,
  selectPublished,
  selectRosterList,
  selectRunningShiftIds,
  selectShownRoster,
  selectStaff,
  selectStaffNames,
  shiftLabel,
} from './selectors';
import {
  draftDiscarded,
  draftSeatAssigned,
  errorShown,
  handoverDiscarded,
  rosterSelected,
  tabChosen,
  type RosterTab,
} from './slice';
import './roster.css';

type Lang = 'zh' | 'en';
const TABS: RosterTab[] = ['grid', 'fairness', 'swaps', 'handover'];

/** 值班表: a month generated from a pattern, edited by hand with live checks, swaps, check-in, handover, exports. */
export function RosterPane() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh';
  const dispatch = useAppDispatch();
  const tab = useAppSelector((s) => s.roster.tab);
  const draft = useAppSelector((s) => s.roster.draft);
  const error = useAppSelector((s) => s.roster.error);
  const list = useAppSelector(selectRosterList);
  const published = useAppSelector(selectPublished);
  const roster = useAppSelector(selectShownRoster);
  const findings = useAppSelector(selectFindings);
  const [print, setPrint] = useState<string | null>(null);
  const [imported, setImported] = useState<number | null>(null);

  const failed = (errors: DomainError[] | undefined) =>
    dispatch(
      errorShown(
        errors ? errors.map((e) => e.message[lang] + (e.detail ? `（${e.detail}）` : '')).join('；') : null,
      ),
    );
  const run: Run = async (action) => {
    const r = await dispatch(action);
    if ('error' in r) {
      failed(r.payload);
      return undefined;
    }
    dispatch(errorShown(null));
    return r.payload;
  };

  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;

  return (
    <section className="roster-pane" data-testid="roster-pane">
      <details className="roster-generate-box" open={list.length === 0 || draft !== null || undefined}>
        <summary>{t('roster.generate.title')}</summary>
        <GenerateForm />
      </details>
      <div className="roster-bar">
        {/* A button in the interface language over a hidden file input: no "Choose File / No file chosen". */}
        <label className="file-button" data-testid="staff-import">
          <span aria-hidden="true">{t('roster.importStaff')}</span>
          <input
            type="file"
            className="file-button-input"
            aria-label={t('roster.importStaff')}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={async (e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (!file) return;
              const done = await run(importStaffFile(file));
              input.value = '';
              if (done) setImported(done.registered);
            }}
          />
        </label>
        {imported !== null && (
          <span role="status" data-testid="staff-imported">
            {t('roster.staffImported', { count: imported })}
          </span>
        )}
        <label>
          {t('roster.month')}{' '}
          <select
            value={draft ? '' : (published?.roster.id ?? '')}
            onChange={(e) => dispatch(rosterSelected(e.target.value || null))}
            data-testid="roster-month"
          >
            {draft && <option value="">{t('roster.draftOf', { month: draft.month })}</option>}
            {list.map((r) => (
              <option key={r.roster.id} value={r.roster.id}>
                {r.roster.month}
              </option>
            ))}
          </select>
        </label>
        {draft ? (
          <>
            <strong className="roster-draft-flag">{t('roster.draftNotice')}</strong>
            <button type="button" onClick={() => void run(publishRoster(draft))} data-testid="roster-publish">
              {t('roster.publish')}
            </button>
            <button type="button" onClick={() => dispatch(draftDiscarded())}>
              {t('roster.discard')}
            </button>
          </>
        ) : (
          published && (
            <>
              <button
                type="button"
                onClick={() =>
                  void run(
                    exportRosterFile({ call: 'exportRosterXlsx', input: { rosterId: published.roster.id } }),
                  )
                }
              >
                {t('roster.exportXlsx')}
              </button>
              <button
                type="button"
                onClick={async () => {
                  const html = await run(printView({ kind: 'wall', rosterId: published.roster.id }));
                  if (html !== undefined) setPrint(html);
                }}
                data-testid="roster-wall"
              >
                {t('roster.wallTable')}
              </button>
              <IcsExport rosterId={published.roster.id} run={run} />
            </>
          )
        )}
        {roster && (
          <span className={errors > 0 ? 'roster-summary bad' : 'roster-summary'} data-testid="roster-summary">
            {t('roster.summary', { errors, warnings })}
          </span>
        )}
      </div>
      {error && (
        <p className="roster-error" role="alert" data-testid="roster-error">
          {error}
        </p>
      )}
      <nav className="roster-tabs" role="tablist">
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'active' : ''}
            onClick={() => dispatch(tabChosen(k))}
            data-testid={`roster-tab-${k}`}
          >
            {t(`roster.tabs.${k}`)}
          </button>
        ))}
      </nav>
      {!roster && tab !== 'handover' && <p className="empty">{t('roster.none')}</p>}
      {roster && tab === 'grid' && <Grid roster={roster} lang={lang} run={run} />}
      {roster && tab === 'fairness' && <Fairness />}
      {roster && tab === 'swaps' && published && !draft && <Swaps run={run} />}
      {tab === 'handover' && <Handover run={run} onPrint={setPrint} />}
      {print && (
        <div className="roster-print">
          <button type="button" onClick={() => setPrint(null)}>
            {t('roster.closePrint')}
          </button>
          {/* The station's own HTML, shown without scripts or same-origin rights. */}
          <iframe
            title={t('roster.print')}
            sandbox="allow-modals"
            srcDoc={print}
            data-testid="roster-print"
          />
        </div>
      )}
    </section>
  );
}

/** Dispatch a roster thunk: its value, or undefined after its refusal is shown in the pane. */
type Run = <Returned, Arg>(
  action: AsyncThunkAction<Returned, Arg, StationThunk>,
) => Promise<Returned | undefined>;

function GenerateForm() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const now = useAppSelector((s) => s.station.now);
  const pending = useAppSelector((s) => s.roster.pending);
  const [month, setMonth] = useState(() => nextMonth(now));
  const [kind, setKind] = useState<'daily24' | 'dayNight12' | 'custom'>('daily24');
  const [segmentsText, setSegmentsText] = useState('早班 08:00 8；中班 16:00 8；夜班 00:00 8');
  const [badSegment, setBadSegment] = useState<number | null>(null);
  const [at, setAt] = useState('08:30');
  const [officers, setOfficers] = useState(2);
  const [liaison, setLiaison] = useState(false);
  const [departments, setDepartments] = useState('');
  return (
    <form
      className="roster-generate"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = kind === 'custom' ? parseSegments(segmentsText) : null;
        if (parsed && 'badEntry' in parsed) {
          setBadSegment(parsed.badEntry);
          return;
        }
        setBadSegment(null);
        void dispatch(
          generateRoster({
            month,
            pattern:
              kind === 'daily24'
                ? { kind, handoverAt: at }
                : kind === 'dayNight12'
                  ? { kind, dayStartsAt: at }
                  : { kind, segments: parsed ? parsed.segments : [] },
            positions: { officers, liaison },
            holidayDepartments: departments.split(/[,，、\s]+/).filter(Boolean),
          }),
        );
      }}
    >
      <label>
        {t('roster.generate.month')}{' '}
        <input
          type="month"
          value={month}
          onChange={(e) => setMonth(e.target.value)}
          required
          data-testid="roster-gen-month"
        />
      </label>
      <label>
        {t('roster.generate.pattern')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="daily24">{t('roster.generate.daily24')}</option>
          <option value="dayNight12">{t('roster.generate.dayNight12')}</option>
          <option value="custom">{t('roster.generate.custom')}</option>
        </select>
      </label>
      {kind === 'custom' ? (
        <label>
          {t('roster.generate.segments')}{' '}
          <input
            value={segmentsText}
            onChange={(e) => setSegmentsText(e.target.value)}
            aria-invalid={badSegment !== null || undefined}
            data-testid="roster-gen-segments"
            size={40}
          />
          {badSegment !== null && (
            <span role="alert" className="roster-summary bad">
              {t('roster.generate.badSegment', { entry: badSegment })}
            </span>
          )}
        </label>
      ) : (
        <label>
          {t(kind === 'daily24' ? 'roster.generate.handoverAt' : 'roster.generate.dayStartsAt')}{' '}
          {/* 时:分 on the 24-hour clock as text: a native time input draws AM/PM in an English-locale browser. */}
          <input
            value={at}
            onChange={(e) => setAt(e.target.value)}
            required
            inputMode="numeric"
            pattern="([01]\d|2[0-3]):[0-5]\d"
            placeholder="08:30"
            maxLength={5}
            size={5}
          />
        </label>
      )}
      <label>
        {t('roster.generate.officers')}{' '}
        <input
          type="number"
          min={1}
          max={20}
          value={officers}
          onChange={(e) => setOfficers(Math.max(1, Number(e.target.value) || 1))}
        />
      </label>
      <label>
        <input type="checkbox" checked={liaison} onChange={(e) => setLiaison(e.target.checked)} />{' '}
        {t('roster.generate.liaison')}
      </label>
      <label>
        {t('roster.generate.holidayDepartments')}{' '}
        <input
          value={departments}
          onChange={(e) => setDepartments(e.target.value)}
          placeholder="公安局、卫健委"
        />
      </label>
      <button type="submit" disabled={pending} data-testid="roster-generate">
        {t('roster.generate.submit')}
      </button>
    </form>
  );
}

function IcsExport({ rosterId, run }: { rosterId: string; run: Run }) {
  const { t } = useTranslation();
  const staff = useAppSelector(selectStaff);
  const [personId, setPersonId] = useState('');
  return (
    <span className="roster-ics">
      <select
        value={personId}
        onChange={(e) => setPersonId(e.target.value)}
        aria-label={t('roster.icsPerson')}
      >
        <option value="">{t('roster.icsPerson')}</option>
        {staff.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={!personId}
        onClick={() =>
          void run(exportRosterFile({ call: 'exportRosterICal', input: { rosterId, personId } }))
        }
      >
        {t('roster.exportIcs')}
      </button>
    </span>
  );
}

const findingText = (f: RosterFinding, lang: Lang) => `${f.message[lang]}${f.detail ? `：${f.detail}` : ''}`;

function Grid({ roster, lang, run }: { roster: Roster; lang: Lang; run: Run }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const staff = useAppSelector(selectStaff);
  const names = useAppSelector(selectStaffNames);
  const draft = useAppSelector((s) => s.roster.draft);
  const byShift = useAppSelector(selectFindingsByShift);
  const running = useAppSelector(selectRunningShiftIds);
  const operator = useAppSelector((s) => s.station.info?.operator);
  const shifts = useMemo(
    () => [...roster.shifts].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)),
    [roster.shifts],
  );
  const seats = Math.max(0, ...shifts.map((s) => s.positions.length));
  const general = byShift.get('') ?? [];
  return (
    <div className="roster-grid-wrap">
      {general.length > 0 && (
        <ul className="roster-findings general">
          {general.map((f, i) => (
            <li key={i} className={f.severity} data-code={f.code}>
              {findingText(f, lang)}
            </li>
          ))}
        </ul>
      )}
      <table className="roster-grid" data-testid="roster-grid">
        <thead>
          <tr>
            <th>{t('roster.date')}</th>
            <th>{t('roster.time')}</th>
            {Array.from({ length: seats }, (_, i) => (
              <th key={i}>{i === 0 ? t('roster.roles.leader') : t('roster.seat', { n: i })}</th>
            ))}
            <th>{t('roster.checks')}</th>
          </tr>
        </thead>
        <tbody>
          {shifts.map((shift) => {
            const label = shiftLabel(shift.startsAt);
            const found = byShift.get(shift.id) ?? [];
            const isRunning = running.has(shift.id) && !draft;
            const bad = found.some((f) => f.severity === 'error');
            return (
              <tr
                key={shift.id}
                className={[bad ? 'bad' : found.length > 0 ? 'warn' : '', isRunning ? 'running' : ''].join(
                  ' ',
                )}
                data-shift={shift.id}
              >
                <td>
                  {label.date} {t(`roster.weekday`, { d: label.weekday })}
                  {shift.keyPeriod && <small className="key-period">{shift.keyPeriod}</small>}
                </td>
                <td>{label.time}</td>
                {Array.from({ length: seats }, (_, i) => {
                  const seat = shift.positions[i];
                  if (!seat) return <td key={i} />;
                  const seatBad = found.some(
                    (f) => f.positionIndex === i || (f.personId && f.personId === seat.personId),
                  );
                  const mayCheckIn =
                    isRunning &&
                    seat.personId !== undefined &&
                    seat.checkedInAt === undefined &&
                    (seat.personId === operator?.id || operator?.role === 'leader');
                  return (
                    <td key={i} className={seatBad ? 'seat bad' : 'seat'}>
                      <select
                        value={seat.personId ?? ''}
                        aria-label={`${label.date} ${t(`roster.roles.${seat.role}`)}${seat.department ? ` ${seat.department}` : ''}`}
                        data-seat={`${shift.id}#${i}`}
                        disabled={seat.checkedInAt !== undefined}
                        onChange={(e) => {
                          const personId = e.target.value || undefined;
                          if (draft)
                            dispatch(
                              draftSeatAssigned({
                                shiftId: shift.id,
                                positionIndex: i,
                                ...(personId ? { personId } : {}),
                              }),
                            );
                          else void run(assignSeat(roster.id, shift.id, i, personId));
                        }}
                      >
                        <option value="">{t('roster.vacant')}</option>
                        {candidatesFor(staff, seat).map((p) => (
                          <option key={p.id} value={p.id}>
                            {p.name}
                          </option>
                        ))}
                      </select>
                      {seat.role !== 'officer' && i !== 0 && (
                        <small>{seat.department ?? t(`roster.roles.${seat.role}`)}</small>
                      )}
                      {seat.checkedInAt && (
                        <small className="checked-in" title={formatChinaTime(Date.parse(seat.checkedInAt))}>
                          {t('roster.checkedIn')}
                        </small>
                      )}
                      {mayCheckIn && (
                        <button
                          type="button"
                          onClick={() => void run(checkIn(roster.id, shift.id, i))}
                          data-testid="roster-check-in"
                        >
                          {t('roster.checkIn')}
                        </button>
                      )}
                    </td>
                  );
                })}
                <td className="roster-findings-cell">
                  {found.map((f, k) => (
                    <div key={k} className={`finding ${f.severity}`} data-code={f.code}>
                      {findingText(f, lang)}
                      {f.personId && names.get(f.personId) ? `（${names.get(f.personId)}）` : ''}
                    </div>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Fairness() {
  const { t } = useTranslation();
  const rows = useAppSelector(selectFairness);
  return (
    <table className="roster-fairness" data-testid="roster-fairness">
      <thead>
        <tr>
          <th>{t('roster.fairness.name')}</th>
          <th>{t('roster.fairness.shifts')}</th>
          <th>{t('roster.fairness.leaderShifts')}</th>
          <th>{t('roster.fairness.nights')}</th>
          <th>{t('roster.fairness.holidays')}</th>
          <th>{t('roster.fairness.weekends')}</th>
          <th>{t('roster.fairness.hours')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.personId}>
            <td>{r.name}</td>
            <td>{r.shifts}</td>
            <td>{r.leaderShifts}</td>
            <td>{r.nights}</td>
            <td>{r.holidays}</td>
            <td>{r.weekends}</td>
            <td>{r.hours}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Swaps({ run }: { run: Run }) {
  const { t } = useTranslation();
  const published = useAppSelector(selectPublished);
  const staff = useAppSelector(selectStaff);
  const names = useAppSelector(selectStaffNames);
  const operator = useAppSelector((s) => s.station.info?.operator);
  const [seatKey, setSeatKey] = useState('');
  const [toPersonId, setTo] = useState('');
  const [reason, setReason] = useState('');
  if (!published) return null;
  const { roster } = published;
  const name = (id: string) => names.get(id) ?? id;
  const seats = roster.shifts.flatMap((s) =>
    s.positions.flatMap((p, i) =>
      p.personId !== undefined &&
      p.checkedInAt === undefined &&
      (operator?.role === 'leader' || p.personId === operator?.id)
        ? [{ key: `${s.id}#${i}`, shift: s, index: i, personId: p.personId, seat: p }]
        : [],
    ),
  );
  const chosen = seats.find((s) => s.key === seatKey);
  const swaps = Object.values(published.swaps).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return (
    <div className="roster-swaps">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!chosen) return;
          void run(requestSwap(roster.id, chosen.shift.id, chosen.index, toPersonId, reason)).then(() =>
            setReason(''),
          );
        }}
      >
        <select
          value={seatKey}
          onChange={(e) => setSeatKey(e.target.value)}
          aria-label={t('roster.swaps.seat')}
        >
          <option value="">{t('roster.swaps.seat')}</option>
          {seats.map((s) => {
            const l = shiftLabel(s.shift.startsAt);
            return (
              <option key={s.key} value={s.key}>
                {l.date} {l.time} {name(s.personId)}
              </option>
            );
          })}
        </select>
        <select value={toPersonId} onChange={(e) => setTo(e.target.value)} aria-label={t('roster.swaps.to')}>
          <option value="">{t('roster.swaps.to')}</option>
          {(chosen?.seat ? candidatesFor(staff, chosen.seat) : []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('roster.swaps.reason')}
          required
        />
        <button type="submit" disabled={!chosen || !toPersonId || !reason.trim()}>
          {t('roster.swaps.request')}
        </button>
      </form>
      <table>
        <thead>
          <tr>
            <th>{t('roster.swaps.seat')}</th>
            <th>{t('roster.swaps.from')}</th>
            <th>{t('roster.swaps.to')}</th>
            <th>{t('roster.swaps.reason')}</th>
            <th>{t('roster.swaps.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {swaps.length === 0 && (
            <tr>
              <td colSpan={6}>{t('roster.swaps.none')}</td>
            </tr>
          )}
          {swaps.map((s) => {
            const shift = roster.shifts.find((x) => x.id === s.shiftId);
            const l = shift ? shiftLabel(shift.startsAt) : undefined;
            return (
              <tr key={s.id}>
                <td>{l ? `${l.date} ${l.time}` : s.shiftId}</td>
                <td>{name(s.fromPersonId)}</td>
                <td>{name(s.toPersonId)}</td>
                <td>{s.reason}</td>
                <td>{t(`roster.swaps.states.${s.state}`)}</td>
                <td>
                  {s.state === 'pending' && operator?.role === 'leader' && (
                    <>
                      <button type="button" onClick={() => void run(decideSwap(roster.id, s.id, true))}>
                        {t('roster.swaps.approve')}
                      </button>
                      <button type="button" onClick={() => void run(decideSwap(roster.id, s.id, false))}>
                        {t('roster.swaps.reject')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Handover({ run, onPrint }: { run: Run; onPrint: (html: string) => void }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const sheet = useAppSelector((s) => s.roster.handoverDraft);
  const list = useAppSelector(selectRosterList);
  const names = useAppSelector(selectStaffNames);
  const incidents = useAppSelector((s) => s.incidents.entities);
  const urgent = useAppSelector(selectIncidentsByUrgency);
  const [notes, setNotes] = useState('');
  const [signing, setSigning] = useState<Omit<Parameters<typeof SignHandover>[0], 'onClose'> | null>(null);
  const name = (id?: string) => (id ? (names.get(id) ?? id) : '—');
  // The sheet is kept on the roster month holding the handover instant.
  const holder = (at: string) =>
    list.find(
      (r) =>
        Date.parse(r.roster.coversFrom) <= Date.parse(at) &&
        Date.parse(at) < Date.parse(r.roster.coversUntil),
    );
  const kept = list
    .flatMap((r) => Object.values(r.handovers).map((h) => ({ rosterId: r.roster.id, h })))
    .sort((a, b) => b.h.sheet.handoverAt.localeCompare(a.h.sheet.handoverAt));
  const time = (iso: string) => formatChinaTime(Date.parse(iso));
  const crew = (c: { leader?: string | undefined; officers: readonly string[] }) =>
    `${t('roster.handover.leader')} ${name(c.leader)} · ${t('roster.handover.officers')} ${c.officers.map(name).join('、') || '—'}`;
  return (
    <div className="roster-handover" data-testid="roster-handover">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(draftHandover({ notes }));
        }}
      >
        <textarea
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          placeholder={t('roster.handover.notes')}
          aria-label={t('roster.handover.notes')}
          maxLength={2000}
        />
        <button type="submit" data-testid="handover-generate">
          {t('roster.handover.generate')}
        </button>
      </form>
      {sheet && (
        <HandoverSheetDialog
          onClose={() => dispatch(handoverDiscarded())}
          title={t('roster.handover.title', { at: time(sheet.handoverAt) })}
        >
          <p data-testid="handover-outgoing">
            <strong>{t('roster.handover.outgoingShift')}</strong>：{crew(sheet.outgoing)}
          </p>
          <p data-testid="handover-incoming">
            <strong>{t('roster.handover.incomingShift')}</strong>：{crew(sheet.incoming)}
          </p>
          <h3>{t('roster.handover.openIncidents')}</h3>
          <ul data-testid="handover-incidents">
            {sheet.openIncidents.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {inUrgencyOrder(sheet.openIncidents, urgent).map((i) => (
              <li key={i.id}>
                {i.title} · {t(`incident.levels.${i.level}`)} · {t(`incident.statuses.${i.status}`)} ·{' '}
                {t('incident.received', { time: time(i.receivedAt) })}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.pendingObligations')}</h3>
          <ul data-testid="handover-obligations">
            {sheet.pendingObligations.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.pendingObligations.map((o) => (
              <li key={`${o.incidentId}|${o.key}`} className={o.overdue ? 'overdue' : ''}>
                {o.incidentTitle ??
                  incidents[o.incidentId]?.facts.title ??
                  t('roster.handover.unknownIncident')}{' '}
                · {t(`clocks.kinds.${o.kind}`)} · {t('roster.handover.due', { at: time(o.dueAt) })}
                {o.overdue ? ` · ${t('roster.handover.overdue')}` : ''}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.warnings')}</h3>
          <ul>
            {sheet.unacknowledgedWarnings.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.unacknowledgedWarnings.map((w) => (
              <li key={w.id}>
                {w.hazard} · {t('roster.handover.unanswered', { count: w.unacknowledged, of: w.recipients })}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.teamsOut')}</h3>
          <ul>
            {sheet.teamsOut.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.teamsOut.map((x) => (
              <li key={x.id}>
                {x.name} · {t(`teams.statuses.${x.status}`)}
              </li>
            ))}
          </ul>
          <h3>{t('roster.handover.dutyLog')}</h3>
          <ul data-testid="handover-dutylog">
            {sheet.dutyLog.length === 0 && <li>{t('roster.handover.nothing')}</li>}
            {sheet.dutyLog.map((e) => (
              <li key={e.id}>
                {time(e.occurredAt)} · {t(`dutyLog.kinds.${e.kind}`)}
                {e.counterpart ? ` · ${e.counterpart}` : ''} · {e.text}
              </li>
            ))}
          </ul>
          {sheet.notes && (
            <>
              <h3>{t('roster.handover.notesTitle')}</h3>
              <p>{sheet.notes}</p>
            </>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              data-testid="handover-record"
              onClick={async () => {
                const month = holder(sheet.handoverAt);
                if (!month) {
                  dispatch(errorShown(t('roster.handover.noRoster')));
                  return;
                }
                if (await run(recordHandover(month.roster.id, sheet))) dispatch(handoverDiscarded());
              }}
            >
              {t('roster.handover.record')}
            </button>
            <button type="button" onClick={() => dispatch(handoverDiscarded())}>
              {t('roster.handover.close')}
            </button>
          </div>
        </HandoverSheetDialog>
      )}
      {signing && <SignHandover {...signing} onClose={() => setSigning(null)} />}
      <h3>{t('roster.handover.kept')}</h3>
      <ul className="handover-kept" data-testid="handover-kept">
        {kept.length === 0 && <li>{t('roster.handover.nothing')}</li>}
        {kept.map(({ rosterId, h }) => (
          <li key={h.id}>
            <span>
              {time(h.sheet.handoverAt)} ·{' '}
              {t('roster.handover.counts', {
                incidents: h.sheet.openIncidents.length,
                obligations: h.sheet.pendingObligations.length,
              })}
            </span>
            {(['outgoing', 'incoming'] as const).map((side) => {
              const signed = h.signatures[side];
              return (
                <span key={side} className="signature">
                  {t(`roster.handover.${side}`)}：
                  {signed ? (
                    t('signin.signedVia', {
                      name: name(signed.personId),
                      time: time(signed.at),
                      how: signed.verification ? t(`signin.via_${signed.verification.method}`) : t('signin.via_unknown'),
                    })
                  ) : (
                    // A person of that side's crew signs with their own PIN; the station refuses anyone else.
                    <button
                      type="button"
                      onClick={() => setSigning({ rosterId, handoverId: h.id, side, crew: h.sheet[side] })}
                      data-testid={`handover-sign-${side}`}
                    >
                      {t(`roster.handover.sign_${side}`)}
                    </button>
                  )}
                </span>
              );
            })}
            <button
              type="button"
              onClick={async () => {
                const html = await run(printView({ kind: 'handover', rosterId, handoverId: h.id }));
                if (html !== undefined) onPrint(html);
              }}
            >
              {t('roster.print')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The drafted sheet over the whole console, scrolled inside itself: a small pane would hide most of it. */
function HandoverSheetDialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [opener] = useState(() =>
    document.activeElement instanceof HTMLElement ? document.activeElement : null,
  );
  useEffect(() => {
    box.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return createPortal(
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <div
        ref={box}
        className="modal handover-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        tabIndex={-1}
        data-testid="handover-sheet"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="modal-header">
          <h2 id={headingId}>{title}</h2>
          <button type="button" aria-label={t('roster.handover.close')} onClick={onClose}>
            × <kbd>Esc</kbd>
          </button>
        </div>
        {children}
      </div>
    </div>,
    document.body,
  );
}
