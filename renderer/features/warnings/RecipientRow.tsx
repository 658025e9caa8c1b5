import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { acknowledgeByPhone, answerChannelFor, reportAction } from './commands';
import { type BoardRow } from './selectors';
import { clock, clockText } from './warningTime';

/** One recipient of a warning: where their notice stands (delivered, read, answered, actions) and the steps left to record. */
export function RecipientRow({
  row: r,
  warningId,
  active,
}: {
  row: BoardRow;
  warningId: string;
  active: boolean;
}) {
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
