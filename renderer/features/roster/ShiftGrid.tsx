import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import type { RosterFinding } from '../../../shared/roster/checks';
import type { Roster } from '../../../shared/roster/schemas';
import { formatChinaTime } from '../../../shared/time';
import { assignSeat, checkIn } from './commands';
import {
  candidatesFor,
  selectFindingsByShift,
  selectRunningShiftIds,
  selectStaff,
  selectStaffNames,
  shiftLabel,
} from './selectors';
import { draftSeatAssigned } from './slice';
import type { Lang, Run } from './run';

const findingText = (f: RosterFinding, lang: Lang) => `${f.message[lang]}${f.detail ? `：${f.detail}` : ''}`;

/** The month's shifts by seat, with live checks per shift: assign seats in a draft, check in on a running shift. */
export function ShiftGrid({ roster, lang, run }: { roster: Roster; lang: Lang; run: Run }) {
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
