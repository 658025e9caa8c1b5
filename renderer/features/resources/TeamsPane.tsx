import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { selectTeamsByActivity } from './selectors';

export function TeamsPane() {
  const { t } = useTranslation();
  const teams = useAppSelector(selectTeamsByActivity);
  if (teams.length === 0) return <p className="empty">{t('teams.none')}</p>;
  return (
    <ul className="teams" data-testid="teams">
      {teams.map((team) => (
        <li key={team.id} className={`team team-${team.status}`}>
          <span className={`status-chip status-${team.status}`}>{t(`teams.statuses.${team.status}`)}</span>
          <strong>{team.name}</strong>
          <span className="team-meta">
            {t(`teams.kinds.${team.kind}`)} · {t('teams.headcount', { count: team.headcount })}
          </span>
        </li>
      ))}
    </ul>
  );
}
