import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { isOpen, type Obligation } from '../../../shared/rules/obligation';
import { useAppSelector } from '../../app/hooks';
import { selectObligationsOf, selectOperatorIsLeader, sortObligations } from './lifeSelectors';
import { obligationLabel } from './obligationLabel';

/**
 * The incident's report clocks as the station computed them, so each change shows here at once: a casualty
 * change opens its 续报 (补报 once closed), closing opens the 终报 and stops the daily slots. Each owed one
 * may be waived (免报) with a reason: offered to the leader on duty only; the station decides.
 */
export function IncidentObligations({
  incidentId,
  onWaive,
}: {
  incidentId: string;
  onWaive: (obligation: Obligation) => void;
}) {
  const { t } = useTranslation();
  const obligations = useAppSelector((s) => selectObligationsOf(s, incidentId));
  const leader = useAppSelector(selectOperatorIsLeader);
  const rows = sortObligations(obligations);
  // What starts the daily follow-ups (a profile setting) and what stops them, as the latest slot says.
  const schedule = obligations
    .filter((o) => o.schedule)
    .sort((a, b) => (a.dueAt < b.dueAt ? 1 : -1))[0]?.schedule;
  return (
    <section className="life-obligations" aria-label={t('life.obligations.title')}>
      <h3>{t('life.obligations.title')}</h3>
      {schedule && (
        <p className="follow-up-schedule">
          {t('life.obligations.schedule', {
            time: formatChinaTime(Date.parse(schedule.startsAt)),
            by: t(`life.obligations.startsBy.${schedule.startsBy}`),
            stop: schedule.stopsAt
              ? t('life.obligations.stopsAt', { time: formatChinaTime(Date.parse(schedule.stopsAt)) })
              : t('life.obligations.untilClosed'),
          })}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">{t('life.obligations.none')}</p>
      ) : (
        <ul data-testid="incident-obligations">
          {rows.map((o) => {
            const label = obligationLabel(o, t);
            return (
              <li
                key={o.key}
                className={`obligation state-${o.state}`}
                data-kind={o.kind}
                data-key={o.key}
                data-state={o.state}
                data-testid="incident-obligation"
              >
                <strong>{label}</strong>
                <span className="obligation-state">{t(`clocks.states.${o.state}`)}</span>
                <time dateTime={o.dueAt}>
                  {t('life.obligations.due', { time: formatChinaTime(Date.parse(o.dueAt)) })}
                </time>
                {o.state === 'waived' && o.waivedReason && (
                  <span className="obligation-reason">
                    {t('life.obligations.waived', { reason: o.waivedReason })}
                  </span>
                )}
                {isOpen(o) && (
                  <button
                    type="button"
                    disabled={!leader}
                    title={leader ? undefined : t('life.waiveForm.leaderOnly')}
                    aria-label={`${t('life.actions.waive')}：${label}`}
                    onClick={() => onWaive(o)}
                  >
                    {t('life.actions.waive')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {!leader && rows.some(isOpen) && <p className="keys-hint">{t('life.waiveForm.leaderOnly')}</p>}
    </section>
  );
}
