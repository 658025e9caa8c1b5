import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../../shared/api/contract';
import type { DomainError } from '../../../shared/errors';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectNow } from '../header/selectors';
import { fetchTimeliness, fetchTimelinessXlsx } from './commands';
import { saveFile } from '../../app/download';
import { PERIOD_PRESETS, chinaDateInput, periodOf, type PeriodPreset } from './period';
import { formatDuration } from './duration';

type Stats = ApiOutput<'reportTimeliness'>;
type Row = Stats['total'];

/**
 * A day as 年-月-日 typed in a plain field: a native date input draws the browser's locale (12/07/2026 with
 * AM/PM pickers in an English one), as the intake's DateTimeField says.
 */
const DAY_FIELD = {
  type: 'text',
  inputMode: 'numeric',
  placeholder: '2026-12-07',
  pattern: '\\d{4}-\\d{2}-\\d{2}',
  maxLength: 10,
  size: 10,
} as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/**
 * 报送及时性统计: pick a period, see the reports owed on time / late / missing per kind and per station
 * with the median time from 接报 to the first report, and export the same as .xlsx (made by the station).
 */
export function Timeliness() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const now = useAppSelector(selectNow);
  const [preset, setPreset] = useState<PeriodPreset>('last7d');
  const [custom, setCustom] = useState(() => ({ from: chinaDateInput(now), to: chinaDateInput(now) }));
  const [stats, setStats] = useState<Stats | null>(null);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const period = periodOf(preset, now, custom);

  const failed = (e: unknown) => setErrors(Array.isArray(e) ? (e as DomainError[]) : []);
  const show = () => {
    if (!period) return;
    setErrors([]);
    void dispatch(fetchTimeliness(period)).unwrap().then(setStats, failed);
  };
  const exportXlsx = () => {
    if (!period) return;
    void dispatch(fetchTimelinessXlsx(period)).unwrap().then(saveFile, failed);
  };

  const head = (first: string, extra?: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t('timeliness.due')}</th>
        <th scope="col">{t('timeliness.onTime')}</th>
        <th scope="col">{t('timeliness.late')}</th>
        <th scope="col">{t('timeliness.missing')}</th>
        <th scope="col">{t('timeliness.pending')}</th>
        <th scope="col">{t('timeliness.rate')}</th>
        {extra && <th scope="col">{extra}</th>}
      </tr>
    </thead>
  );
  const cells = (r: Row) => (
    <>
      <td data-col="due">{r.due}</td>
      <td data-col="onTime">{r.onTime}</td>
      <td data-col="late">{r.late}</td>
      <td data-col="missing">{r.missing}</td>
      <td data-col="pending">{r.pending}</td>
      <td data-col="rate">{percent(r.onTimeRate)}</td>
    </>
  );
  const median = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? '—' : formatDuration(ms);

  return (
    <details className="timeliness" data-testid="timeliness">
      <summary>{t('timeliness.title')}</summary>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          show();
        }}
      >
        <label>
          <span>{t('timeliness.period')}</span>
          <select
            value={preset}
            onChange={(e) => setPreset(e.target.value as PeriodPreset)}
            data-testid="timeliness-preset"
          >
            {PERIOD_PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`timeliness.presets.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {preset === 'custom' && (
          <>
            <label>
              <span>{t('timeliness.from')}</span>
              <input
                {...DAY_FIELD}
                aria-label={`${t('timeliness.from')} · ${t('incident.datePart')}`}
                value={custom.from}
                onChange={(e) => setCustom({ ...custom, from: e.target.value })}
                data-testid="timeliness-from"
              />
            </label>
            <label>
              <span>{t('timeliness.to')}</span>
              <input
                {...DAY_FIELD}
                aria-label={`${t('timeliness.to')} · ${t('incident.datePart')}`}
                value={custom.to}
                onChange={(e) => setCustom({ ...custom, to: e.target.value })}
                data-testid="timeliness-to"
              />
            </label>
          </>
        )}
        <button type="submit" className="primary" disabled={!period} data-testid="timeliness-show">
          {t('timeliness.show')}
        </button>
        <button type="button" disabled={!period} onClick={exportXlsx} data-testid="timeliness-export">
          {t('timeliness.export')}
        </button>
      </form>
      {!period && <p role="alert">{t('timeliness.badPeriod')}</p>}
      {errors.length > 0 && (
        <ul className="errors" role="alert">
          {errors.map((e, i) => (
            <li key={i}>{e.message.zh}</li>
          ))}
        </ul>
      )}
      {stats && (
        <>
          <p className="timeliness-period">
            {formatChinaTime(Date.parse(stats.period.from))} – {formatChinaTime(Date.parse(stats.period.to))}{' '}
            · {t('timeliness.asOf', { time: formatChinaTime(Date.parse(stats.asOf)) })}
          </p>
          <table data-testid="timeliness-by-kind">
            <caption>{t('timeliness.byKind')}</caption>
            {head(t('timeliness.kind'))}
            <tbody>
              {stats.byKind.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">{t(`clocks.kinds.${r.key}`, { defaultValue: r.label })}</th>
                  {cells(r)}
                </tr>
              ))}
              <tr className="total" data-key="total">
                <th scope="row">{t('timeliness.total')}</th>
                {cells(stats.total)}
              </tr>
            </tbody>
          </table>
          <table data-testid="timeliness-by-station">
            <caption>{t('timeliness.byStation')}</caption>
            {head(t('timeliness.station'), t('timeliness.median'))}
            <tbody>
              {stats.byStation.map((r) => (
                <tr key={r.key} data-key={r.key}>
                  <th scope="row">{r.label}</th>
                  {cells(r)}
                  <td data-col="median">
                    {median(stats.firstReport.byStation.find((f) => f.station === r.key)?.medianMs)}
                  </td>
                </tr>
              ))}
              <tr className="total" data-key="total">
                <th scope="row">{t('timeliness.total')}</th>
                {cells(stats.total)}
                <td data-col="median">{median(stats.firstReport.total.medianMs)}</td>
              </tr>
            </tbody>
          </table>
        </>
      )}
    </details>
  );
}
