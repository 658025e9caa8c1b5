import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import {
  acknowledgeByPhone,
  answerChannelFor,
  fetchRecipientsPreview,
  fetchWarningAreas,
  fetchWarningRecord,
  issueWarning,
  liftWarning,
  reportAction,
} from './commands';
import {
  selectAnswerCounts,
  selectBoard,
  selectSelectedWarning,
  selectWarnings,
  type BoardRow,
} from './selectors';
import { composeClosed, composeOpened, warningSelected } from './slice';
import './warnings.css';

const COLOURS = ['blue', 'yellow', 'orange', 'red'] as const;
const time = (iso: string | undefined) => (iso ? formatChinaTime(Date.parse(iso), true) : '');
/** Within one warning's board the day is the issue's: the time of day is enough. */
const clock = (iso: string | undefined) => time(iso).slice(11);

/** mm:ss of a countdown; past the limit it counts up. */
function clockText(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** 预警叫应: the warnings of this station, issuing one, and each warning's closed loop per recipient. */
export function WarningsPane() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const warnings = useAppSelector(selectWarnings);
  const counts = useAppSelector(selectAnswerCounts);
  const selectedId = useAppSelector((s) => s.warnings.selectedId);
  const composing = useAppSelector((s) => s.warnings.composing);
  return (
    <div className="warnings-pane" data-testid="warnings-pane">
      <div className="warnings-toolbar">
        <button type="button" data-testid="warning-new" onClick={() => dispatch(composeOpened())}>
          {t('warnings.issue')}
        </button>
      </div>
      {composing && <IssueWarningForm />}
      {warnings.length === 0 ? (
        <p className="empty">{t('warnings.none')}</p>
      ) : (
        <ul className="warnings" data-testid="warnings">
          {warnings.map((w) => (
            <li
              key={w.id}
              className={`warning warning-${w.colour}${w.id === selectedId ? ' selected' : ''}${w.status === 'lifted' ? ' lifted' : ''}`}
              data-testid="warning-item"
              data-warning-id={w.id}
            >
              <button
                type="button"
                onClick={() => dispatch(warningSelected(w.id === selectedId ? null : w.id))}
              >
                <span className={`colour-chip colour-${w.colour}`}>{t(`warnings.colours.${w.colour}`)}</span>
                <strong>{w.hazard}</strong>
                <time>{formatChinaTime(Date.parse(w.issuedAt))}</time>
                <span className="warning-count">
                  {t('warnings.answered', {
                    answered: counts[w.id]?.answered ?? 0,
                    total: counts[w.id]?.total ?? 0,
                  })}
                </span>
                {w.status === 'lifted' && <span className="warning-lifted">{t('warnings.lifted')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {selectedId && <WarningBoard />}
    </div>
  );
}

function Errors() {
  const { t } = useTranslation();
  const errors = useAppSelector((s) => s.warnings.errors);
  if (errors.length === 0) return null;
  return (
    <ul className="form-errors" role="alert" data-testid="warning-errors">
      {errors.map((e, i) => (
        <li key={i}>
          {t('warnings.error', { message: e.message.zh, field: e.field ?? '', detail: e.detail ?? '' })}
        </li>
      ))}
    </ul>
  );
}

function IssueWarningForm() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const areas = useAppSelector((s) => s.warnings.areas);
  const preview = useAppSelector((s) => s.warnings.preview);
  const busy = useAppSelector((s) => s.warnings.busy);
  const [hazard, setHazard] = useState('暴雨');
  const [colour, setColour] = useState<(typeof COLOURS)[number]>('orange');
  const [chosen, setChosen] = useState<string[]>([]);
  const [gridPersons, setGridPersons] = useState(false);
  const [text, setText] = useState('');
  useEffect(() => {
    void dispatch(fetchWarningAreas(undefined));
  }, [dispatch]);
  useEffect(() => {
    if (chosen.length > 0) void dispatch(fetchRecipientsPreview({ areas: chosen, tiers: [1], gridPersons }));
  }, [dispatch, chosen, gridPersons]);
  const townships = areas.filter((a) => a.tier === 1);
  const recipients = chosen.length > 0 ? (preview ?? []) : [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void dispatch(issueWarning({ hazard, colour, areas: chosen, text, recipients }));
  };
  return (
    <form
      className="warning-form warning-sheet"
      data-testid="warning-form"
      aria-label={t('warnings.issue')}
      onSubmit={submit}
    >
      <button
        type="button"
        className="warning-sheet-close"
        aria-label={t('warnings.close')}
        onClick={() => dispatch(composeClosed())}
      >
        ×
      </button>
      <label>
        {t('warnings.hazard')}
        <input
          name="hazard"
          value={hazard}
          list="warning-hazards"
          onChange={(e) => setHazard(e.target.value)}
        />
        <datalist id="warning-hazards">
          {['暴雨', '山洪', '地质灾害', '森林火险', '大风', '高温', '寒潮', '冰冻'].map((h) => (
            <option key={h} value={h} />
          ))}
        </datalist>
      </label>
      <fieldset className="warning-colours">
        <legend>{t('warnings.colour')}</legend>
        {COLOURS.map((c) => (
          <label key={c} className={`colour-option colour-${c}`}>
            <input
              type="radio"
              name="colour"
              value={c}
              checked={colour === c}
              onChange={() => setColour(c)}
            />
            {t(`warnings.colours.${c}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="warning-areas" data-testid="warning-areas">
        <legend>{t('warnings.areas')}</legend>
        {townships.map((a) => (
          <label key={a.code}>
            <input
              type="checkbox"
              name="area"
              value={a.code}
              checked={chosen.includes(a.code)}
              onChange={(e) =>
                setChosen((prev) =>
                  e.target.checked ? [...prev, a.code].sort() : prev.filter((x) => x !== a.code),
                )
              }
            />
            {a.name}
          </label>
        ))}
        <label className="warning-grid">
          <input
            type="checkbox"
            name="gridPersons"
            checked={gridPersons}
            onChange={(e) => setGridPersons(e.target.checked)}
          />
          {t('warnings.gridPersons')}
        </label>
      </fieldset>
      <label>
        {t('warnings.text')}
        <textarea name="text" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <div className="warning-preview" data-testid="warning-preview">
        <span>{t('warnings.recipientsCount', { n: recipients.length })}</span>
        <ul>
          {recipients.map((r) => (
            <li key={r.id} data-testid="warning-preview-recipient">
              {r.name}
              {r.superiorName && <small>{t('warnings.superior', { name: r.superiorName })}</small>}
              {!r.reachable && <small className="warning-unreachable">{t('warnings.noPhone')}</small>}
            </li>
          ))}
        </ul>
      </div>
      <Errors />
      <div className="form-actions">
        <button type="submit" data-testid="warning-submit" disabled={busy || recipients.length === 0}>
          {t('warnings.submit')}
        </button>
        <button type="button" onClick={() => dispatch(composeClosed())}>
          {t('warnings.cancel')}
        </button>
      </div>
    </form>
  );
}

function WarningBoard() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const warning = useAppSelector(selectSelectedWarning);
  const rows = useAppSelector(selectBoard);
  const record = useAppSelector((s) => s.warnings.record);
  const [reason, setReason] = useState('');
  // The record (deadlines, steps) is fetched again whenever the station pushes a change to this warning.
  useEffect(() => {
    if (warning) void dispatch(fetchWarningRecord({ warningId: warning.id }));
  }, [dispatch, warning]);
  if (!warning) return null;
  const nameOf = (id: string | undefined) => (id ? (record?.names[id] ?? id) : '');
  /** A step's detail in the user's words: the channel, who was told, what was done or why it failed. */
  const stepDetail = (step: string, detail: string | undefined) => {
    if (!detail || step === 'issued') return '';
    if (step === 'escalated') return `→ ${nameOf(detail)}`;
    if (step === 'delivered' || step === 'renotified') return t(`warnings.channels.${detail}`);
    if (step === 'acknowledged') return t(`warnings.answers.${detail}`);
    return detail;
  };
  return (
    <section
      className="warning-board warning-sheet"
      role="dialog"
      aria-label={warning.hazard}
      data-testid="warning-board"
      data-warning-id={warning.id}
    >
      <button
        type="button"
        className="warning-sheet-close"
        aria-label={t('warnings.close')}
        onClick={() => dispatch(warningSelected(null))}
      >
        ×
      </button>
      <header>
        <span className={`colour-chip colour-${warning.colour}`}>
          {t(`warnings.colours.${warning.colour}`)}
        </span>
        <strong>{warning.hazard}</strong>
        <time>{time(warning.issuedAt)}</time>
        <p className="warning-text">{warning.text}</p>
      </header>
      <table className="warning-loop" data-testid="warning-loop">
        <thead>
          <tr>
            <th>{t('warnings.recipient')}</th>
            <th>{t('warnings.stages.delivered')}</th>
            <th>{t('warnings.stages.acknowledged')}</th>
            <th>{t('warnings.stages.action_reported')}</th>
            <th>{t('warnings.renotified')}</th>
            <th>{t('warnings.escalated')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <RecipientRow key={r.id} row={r} warningId={warning.id} active={warning.status === 'active'} />
          ))}
        </tbody>
      </table>
      {warning.status === 'active' ? (
        <form
          className="warning-lift"
          onSubmit={(e) => {
            e.preventDefault();
            void dispatch(liftWarning({ warningId: warning.id, reason }));
          }}
        >
          <input
            name="liftReason"
            placeholder={t('warnings.liftReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" data-testid="warning-lift" disabled={reason.trim().length === 0}>
            {t('warnings.lift')}
          </button>
        </form>
      ) : (
        <p className="warning-lifted">
          {t('warnings.liftedAt', { at: time(warning.liftedAt), reason: warning.liftReason ?? '' })}
        </p>
      )}
      <Errors />
      <h4>{t('warnings.record')}</h4>
      <ol className="warning-record" data-testid="warning-record">
        {(record?.warning.id === warning.id ? record.steps : []).map((s, i) => (
          <li key={i} data-step={s.step} data-recipient={s.recipientId ?? ''}>
            <time>{time(s.at)}</time> <span className="step">{t(`warnings.steps.${s.step}`)}</span>{' '}
            {s.recipientId && <span className="who">{nameOf(s.recipientId)}</span>}{' '}
            <span className="detail">{stepDetail(s.step, s.detail)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function RecipientRow({ row: r, warningId, active }: { row: BoardRow; warningId: string; active: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const [action, setAction] = useState('');
  const [evacuated, setEvacuated] = useState('');
  const stationJurisdiction = useAppSelector((s) => s.station.info?.jurisdiction);
  const channel = answerChannelFor(r.jurisdiction, stationJurisdiction);
  return (
    <tr
      data-testid="warning-recipient"
      data-recipient-id={r.id}
      data-stage={r.stage}
      className={`stage-${r.stage}${r.late ? ' late' : ''}`}
    >
      <td>
        {r.name}
        {r.superiorName && <small>{t('warnings.superior', { name: r.superiorName })}</small>}
      </td>
      <td data-cell="delivered">
        {r.deliveredAt ? (
          <>
            <time>{clock(r.deliveredAt)}</time> {r.deliveredBy && t(`warnings.channels.${r.deliveredBy}`)}
          </>
        ) : (
          <span className="pending">{t('warnings.stages.issued')}</span>
        )}
        {r.deliveryFailedAt && (
          <small className="warning-unreachable" title={r.deliveryFailure}>
            {t('warnings.deliveryFailed', { at: clock(r.deliveryFailedAt) })}
          </small>
        )}
      </td>
      <td data-cell="acknowledged">
        {r.acknowledgedAt ? (
          <>
            <time>{clock(r.acknowledgedAt)}</time>{' '}
            {r.acknowledgedBy && t(`warnings.answers.${r.acknowledgedBy}`)}
          </>
        ) : r.remainingMs !== undefined ? (
          <span
            className={r.remainingMs < 0 ? 'countdown overdue' : 'countdown'}
            data-testid="warning-countdown"
          >
            {r.remainingMs < 0
              ? t('warnings.overdueBy', { clock: clockText(r.remainingMs) })
              : t('warnings.dueIn', { clock: clockText(r.remainingMs) })}
          </span>
        ) : null}
      </td>
      <td data-cell="action">
        {r.actionReportedAt && (
          <>
            <time>{clock(r.actionReportedAt)}</time> {r.action}
          </>
        )}
      </td>
      <td data-cell="renotified">
        {r.renotifiedAt.map((at) => (
          <time key={at}>{clock(at)}</time>
        ))}
        {r.next === 'warning_renotify' && r.nextDueAt && (
          <small>{t('warnings.nextRenotify', { at: clock(r.nextDueAt) })}</small>
        )}
      </td>
      <td data-cell="escalated">
        {r.escalatedAt && (
          <>
            <time>{clock(r.escalatedAt)}</time> {r.superiorName}
          </>
        )}
        {r.next === 'warning_escalate' && r.nextDueAt && (
          <small>{t('warnings.nextEscalate', { at: clock(r.nextDueAt) })}</small>
        )}
      </td>
      <td className="warning-row-actions">
        {active && !r.acknowledgedAt && (
          <button
            type="button"
            data-testid={channel === 'station' ? 'warning-ack-here' : 'warning-ack-phone'}
            onClick={() => void dispatch(acknowledgeByPhone({ warningId, recipientId: r.id, channel }))}
          >
            {channel === 'station' ? t('warnings.acknowledgeHere') : t('warnings.acknowledgeByPhone')}
          </button>
        )}
        {active && r.acknowledgedAt && !r.actionReportedAt && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(evacuated);
              void dispatch(
                reportAction({
                  warningId,
                  recipientId: r.id,
                  action,
                  ...(evacuated !== '' && Number.isInteger(n) && n >= 0 ? { evacuatedPeople: n } : {}),
                }),
              );
            }}
          >
            <input
              name="action"
              placeholder={t('warnings.actionPlaceholder')}
              value={action}
              onChange={(e) => setAction(e.target.value)}
            />
            <input
              name="evacuated"
              inputMode="numeric"
              placeholder={t('warnings.evacuated')}
              value={evacuated}
              onChange={(e) => setEvacuated(e.target.value)}
            />
            <button type="submit" data-testid="warning-report-action" disabled={action.trim().length === 0}>
              {t('warnings.reportAction')}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}
