import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DispatchOrder } from '../../../shared/domain/operations';
import { RecordSource, type Team, type TeamStatus } from '../../../shared/domain/resources';
import type { DomainError } from '../../../shared/errors';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectLanguage } from '../header/selectors';
import { ReasonForm } from '../incidents/ReasonForm';
import { cancelOrder, recordTeamStatus } from './commands';
import { RECORDABLE_STATUSES } from './teamStatus';
import '../incidents/life.css';

/**
 * 记录队伍状态 at the console: where the news came from (调度台, 车载终端, 电话), then the status (digits
 * 1–6); a team on an order may have the order cancelled, with the reason. The board then says who recorded
 * it, when and from where.
 */
export function TeamStatusDialog({
  team,
  order,
  incidentTitle,
  onClose,
}: {
  team: Team;
  order: DispatchOrder | undefined;
  incidentTitle: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const language = useAppSelector(selectLanguage);
  const [source, setSource] = useState<RecordSource>('console');
  const [cancelling, setCancelling] = useState(false);
  const [errors, setErrors] = useState<DomainError[]>([]);
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => dialog.current?.focus(), []);

  const record = async (status: TeamStatus) => {
    const result = await dispatch(
      recordTeamStatus({ teamId: team.id, ...(order ? { order } : {}), status, source }),
    );
    if (recordTeamStatus.fulfilled.match(result)) onClose();
    else setErrors(result.payload ?? []);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (cancelling) return;
    if (e.key === 'Escape') onClose();
    else if (/^[1-6]$/.test(e.key) && !(e.target instanceof HTMLInputElement && e.target.type !== 'radio')) {
      const status = RECORDABLE_STATUSES[Number(e.key) - 1];
      if (status && status !== team.status) void record(status);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="modal-backdrop" role="presentation" onClick={onClose}>
      <div
        ref={dialog}
        className="team-status-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={t('life.teams.recordFor', { name: team.name })}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
        data-testid="team-status-dialog"
      >
        <h2>{t('life.teams.recordFor', { name: team.name })}</h2>
        {order && (
          <p>
            {t('life.teams.order', {
              incident: incidentTitle ?? order.incidentId,
              status: t(`life.teams.orderStatuses.${order.status}`),
            })}
          </p>
        )}
        <fieldset className="record-source">
          <legend>{t('life.teams.source')}</legend>
          {RecordSource.options.map((s) => (
            <label key={s}>
              <input
                type="radio"
                name="record-source"
                value={s}
                checked={source === s}
                onChange={() => setSource(s)}
              />
              {t(`life.teams.sources.${s}`)}
            </label>
          ))}
        </fieldset>
        <div className="team-statuses" role="group" aria-label={t('life.teams.record')}>
          {RECORDABLE_STATUSES.map((s, i) => (
            <button
              key={s}
              type="button"
              disabled={s === team.status}
              aria-pressed={s === team.status}
              aria-keyshortcuts={String(i + 1)}
              onClick={() => void record(s)}
            >
              {t(`teams.statuses.${s}`)} <kbd>{i + 1}</kbd>
            </button>
          ))}
        </div>
        {order && !cancelling && (
          <button type="button" className="danger" onClick={() => setCancelling(true)}>
            {t('life.teams.cancelOrder')}
          </button>
        )}
        {order && cancelling && (
          <ReasonForm
            title={t('life.teams.cancelOrder')}
            label={t('life.teams.cancelReason')}
            submitLabel={t('life.teams.cancelSave')}
            testId="cancel-order-form"
            onCancel={() => setCancelling(false)}
            onSubmit={async (reason) => {
              const result = await dispatch(cancelOrder({ dispatchId: order.id, reason, source }));
              if (cancelOrder.fulfilled.match(result)) {
                onClose();
                return null;
              }
              return result.payload ?? [];
            }}
          />
        )}
        {errors.length > 0 && (
          <ul className="form-errors" role="alert">
            {errors.map((e, i) => (
              <li key={i}>{language === 'en' ? e.message.en : e.message.zh}</li>
            ))}
          </ul>
        )}
        <p className="keys-hint">{t('life.teams.keys')}</p>
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            {t('life.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
