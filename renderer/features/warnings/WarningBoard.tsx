import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { fetchWarningRecord, liftWarning } from './commands';
import { selectBoard, selectSelectedWarning } from './selectors';
import { warningSelected } from './slice';
import { time } from './warningTime';
import { WarningErrors } from './WarningErrors';
import { RecipientRow } from './RecipientRow';

/** The selected warning's closed loop: each recipient's row with its deadlines, lifting the warning, and its record. */
export function WarningBoard() {
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
      <WarningErrors />
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
