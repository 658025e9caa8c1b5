import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { decideSwap, requestSwap } from './commands';
import { candidatesFor, selectPublished, selectStaff, selectStaffNames, shiftLabel } from './selectors';
import type { Run } from './run';

/** 换班: ask to hand one's own seat (or, as leader, anyone's) to a qualified person; the leader approves or rejects. */
export function SwapDesk({ run }: { run: Run }) {
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
