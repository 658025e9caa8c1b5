import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { RecordLine } from './RecordLine';
import { TeamStatusDialog } from './TeamStatusDialog';
import { selectDispatchOrders, selectTeamsByActivity } from './selectors';
import { activeOrderOf } from './teamStatus';

export function TeamsPane() {
  const { t } = useTranslation();
  const teams = useAppSelector(selectTeamsByActivity);
  const orders = useAppSelector(selectDispatchOrders);
  const incidents = useAppSelector((s) => s.incidents.entities);
  const [recording, setRecording] = useState<string | null>(null);
  if (teams.length === 0) return <p className="empty">{t('teams.none')}</p>;
  const shown = teams.find((team) => team.id === recording);
  const shownOrder = shown ? activeOrderOf(shown.id, orders) : undefined;
  return (
    <>
      <ul className="teams" data-testid="teams">
        {teams.map((team) => {
          const order = activeOrderOf(team.id, orders);
          return (
            <li
              key={team.id}
              className={`team team-${team.status}`}
              data-team-id={team.id}
              data-status={team.status}
            >
              <span className={`status-chip status-${team.status}`}>
                {t(`teams.statuses.${team.status}`)}
              </span>
              <strong>{team.name}</strong>
              <span className="team-meta">
                {t(`teams.kinds.${team.kind}`)} · {t('teams.headcount', { count: team.headcount })}
              </span>
              <RecordLine record={team.statusRecord} />
              {order && (
                <span className="team-order" data-testid="team-order" data-status={order.status}>
                  {t('life.teams.order', {
                    incident: incidents[order.incidentId]?.facts.title ?? order.incidentId,
                    status: t(`life.teams.orderStatuses.${order.status}`),
                  })}{' '}
                  <RecordLine record={order.lastRecord} />
                </span>
              )}
              <button
                type="button"
                className="team-record"
                aria-label={t('life.teams.recordFor', { name: team.name })}
                onClick={() => setRecording(team.id)}
              >
                {t('life.teams.record')}
              </button>
            </li>
          );
        })}
      </ul>
      {shown && (
        <TeamStatusDialog
          team={shown}
          order={shownOrder}
          incidentTitle={shownOrder ? incidents[shownOrder.incidentId]?.facts.title : undefined}
          onClose={() => setRecording(null)}
        />
      )}
    </>
  );
}
