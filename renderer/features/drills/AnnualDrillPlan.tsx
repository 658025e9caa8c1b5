import { useCallback, useEffect, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createAsyncThunk } from '@reduxjs/toolkit';
import type { AnnualDrillPlanWire, HeldDrillWire } from '../../../shared/api/annual-drill-plan-calls';
import type { DrillKind } from '../../../shared/drills/scenario';
import type { DomainError } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/time';
import { sendCommand, type StationThunk } from '../../app/commands';
import { useAppDispatch, useAppSelector } from '../../app/hooks';

/*
 * 年度演练计划 (issue 22), a pane opened from the palette: this station's planned drills of a year (kind,
 * month) and the drills it held; at a superior, every township below it with its comprehensive drill
 * (综合演练) held or not, those without first. Entries go through `execute` (drill_plan.save_entry /
 * remove_entry); what was held is read from the drills that reached the station.
 */

export const loadAnnualPlan = createAsyncThunk<AnnualDrillPlanWire, { year?: number }, StationThunk>(
  'annualDrillPlan/load',
  async (input, { extra, rejectWithValue }) => {
    const r = await extra.client.annualDrillPlan(input);
    return r.ok ? r.value : rejectWithValue(r.errors);
  },
);

type PlanCommand =
  | { type: 'drill_plan.save_entry'; payload: { year: number; kind: DrillKind; month: number; note: string } }
  | { type: 'drill_plan.remove_entry'; payload: { entryId: string } };

export const changeAnnualPlan = createAsyncThunk<true, PlanCommand, StationThunk>(
  'annualDrillPlan/change',
  async (command, { extra, rejectWithValue }) => {
    const r = await sendCommand(extra.client, command);
    return r.ok ? true : rejectWithValue(r.errors);
  },
);

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

export function AnnualDrillPlan() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const now = useAppSelector((s) => s.station.now);
  const [year, setYear] = useState(() => new Date(now + 8 * 3_600_000).getUTCFullYear());
  const [plan, setPlan] = useState<AnnualDrillPlanWire | null>(null);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const [kind, setKind] = useState<DrillKind>('comprehensive');
  const [month, setMonth] = useState(1);
  const [note, setNote] = useState('');
  const en = i18n.language === 'en';

  const load = useCallback(async () => {
    const r = await dispatch(loadAnnualPlan({ year }));
    if (loadAnnualPlan.fulfilled.match(r)) {
      setPlan(r.payload);
      setErrors([]);
    } else setErrors(r.payload ?? []);
  }, [dispatch, year]);
  useEffect(() => {
    void load();
  }, [load]);

  const change = async (command: PlanCommand) => {
    const r = await dispatch(changeAnnualPlan(command));
    if (changeAnnualPlan.fulfilled.match(r)) {
      setNote('');
      await load();
    } else setErrors(r.payload ?? []);
  };
  const add = (e: SyntheticEvent) => {
    e.preventDefault();
    void change({ type: 'drill_plan.save_entry', payload: { year, kind, month, note: note.trim() } });
  };
  const kindName = (k: DrillKind | null) =>
    k ? t(`annualDrillPlan.kinds.${k}`) : t('annualDrillPlan.unknownKind');
  const heldLine = (h: HeldDrillWire) =>
    t('annualDrillPlan.heldLine', {
      title: h.title ? (en ? h.title.en : h.title.zh) : t('annualDrillPlan.untitled'),
      kind: kindName(h.kind),
      date: formatChinaTime(Date.parse(h.endedAt)).slice(0, 10),
    });
  const months = (entries: AnnualDrillPlanWire['planned']) =>
    entries.length === 0
      ? t('annualDrillPlan.none')
      : entries
          .map((e) => `${t('annualDrillPlan.monthValue', { month: e.month })}${kindName(e.kind)}`)
          .join('、');
  const missing = plan?.townships.filter((x) => !x.comprehensiveHeld).length ?? 0;

  return (
    <section className="annual-drill-plan" aria-label={t('annualDrillPlan.pane')}>
      <div className="annual-year">
        <button type="button" onClick={() => setYear((y) => y - 1)}>
          {t('annualDrillPlan.previousYear')}
        </button>
        <label>
          {t('annualDrillPlan.year')}
          <input type="number" value={year} min={2000} max={2100} readOnly />
        </label>
        <button type="button" onClick={() => setYear((y) => y + 1)}>
          {t('annualDrillPlan.nextYear')}
        </button>
      </div>
      {errors.length > 0 && (
        <ul className="errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{en ? e.message.en : e.message.zh}</li>
          ))}
        </ul>
      )}
      {!plan ? (
        <p>{t('annualDrillPlan.loading')}</p>
      ) : (
        <>
          <h3>{t('annualDrillPlan.own')}</h3>
          {plan.planned.length === 0 ? (
            <p className="empty">{t('annualDrillPlan.ownEmpty')}</p>
          ) : (
            <ul aria-label={t('annualDrillPlan.own')}>
              {plan.planned.map((e) => (
                <li key={e.entryId}>
                  {t('annualDrillPlan.monthValue', { month: e.month })} {kindName(e.kind)}
                  {e.note && ` — ${e.note}`}{' '}
                  <button
                    type="button"
                    aria-label={t('annualDrillPlan.removeEntry', { month: e.month, kind: kindName(e.kind) })}
                    onClick={() =>
                      void change({ type: 'drill_plan.remove_entry', payload: { entryId: e.entryId } })
                    }
                  >
                    {t('annualDrillPlan.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form className="annual-add" onSubmit={add}>
            <label>
              {t('annualDrillPlan.kind')}
              <select value={kind} onChange={(e) => setKind(e.target.value as DrillKind)}>
                <option value="comprehensive">{t('annualDrillPlan.kinds.comprehensive')}</option>
                <option value="special">{t('annualDrillPlan.kinds.special')}</option>
              </select>
            </label>
            <label>
              {t('annualDrillPlan.month')}
              <select value={month} onChange={(e) => setMonth(Number(e.target.value))}>
                {MONTHS.map((m) => (
                  <option key={m} value={m}>
                    {t('annualDrillPlan.monthValue', { month: m })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('annualDrillPlan.note')}
              <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="submit">{t('annualDrillPlan.add')}</button>
          </form>
          <h3>{t('annualDrillPlan.held')}</h3>
          {plan.held.length === 0 ? (
            <p className="empty">{t('annualDrillPlan.heldEmpty')}</p>
          ) : (
            <ul aria-label={t('annualDrillPlan.held')}>
              {plan.held.map((h) => (
                <li key={h.drillId}>{heldLine(h)}</li>
              ))}
            </ul>
          )}
          {plan.townships.length > 0 && (
            <>
              <h3>{t('annualDrillPlan.townships')}</h3>
              <p role="status">
                {missing > 0
                  ? t('annualDrillPlan.missingCount', { count: missing })
                  : t('annualDrillPlan.allHeld')}
              </p>
              <table aria-label={t('annualDrillPlan.townships')}>
                <thead>
                  <tr>
                    <th>{t('annualDrillPlan.cols.township')}</th>
                    <th>{t('annualDrillPlan.cols.comprehensive')}</th>
                    <th>{t('annualDrillPlan.cols.planned')}</th>
                    <th>{t('annualDrillPlan.cols.held')}</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.townships.map((x) => (
                    <tr key={x.jurisdiction} className={x.comprehensiveHeld ? 'held' : 'missing'}>
                      <th scope="row">{x.name ?? x.jurisdiction}</th>
                      <td>
                        {x.comprehensiveHeld
                          ? t('annualDrillPlan.comprehensiveHeld')
                          : t('annualDrillPlan.comprehensiveMissing')}
                      </td>
                      <td>{months(x.planned)}</td>
                      <td>
                        {x.held.length === 0 ? t('annualDrillPlan.none') : x.held.map(heldLine).join('；')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
