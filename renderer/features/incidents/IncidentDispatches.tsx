import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { RecordLine } from '../resources/RecordLine';
import { selectDispatchesOf } from './lifeSelectors';

/** The teams sent to the incident: each order's step and who recorded it, from where. */
export function IncidentDispatches({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const rows = useAppSelector((s) => selectDispatchesOf(s, incidentId));
  return (
    <section className="life-dispatches" aria-label={t('life.dispatches.title')}>
      <h3>{t('life.dispatches.title')}</h3>
      {rows.length === 0 ? (
        <p className="empty">{t('life.dispatches.none')}</p>
      ) : (
        <ul>
          {rows.map(({ order, teamName }) => (
            <li key={order.id} data-status={order.status} data-testid="incident-dispatch">
              <strong>{teamName}</strong> · {t(`life.teams.orderStatuses.${order.status}`)}{' '}
              <RecordLine record={order.lastRecord} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
