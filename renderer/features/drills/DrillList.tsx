import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { clockNow, useRoomName } from './names';
import { drillSelected } from './slice';

/** The drills this station holds, newest first: status, the drill clock, when, and whom it drills. */
export function DrillList() {
  const { t, i18n } = useTranslation();
  const dispatch = useAppDispatch();
  const drills = useAppSelector((s) => s.drills.list);
  const asOf = useAppSelector((s) => s.drills.listAsOf);
  const now = useAppSelector((s) => s.station.now);
  const selectedId = useAppSelector((s) => s.drills.selectedId);
  const roomName = useRoomName();
  if (drills.length === 0) return <p className="empty">{t('drills.none')}</p>;
  return (
    <ul className="drill-list" aria-label={t('drills.list')}>
      {drills.map((d) => {
        const scheduled = d.status === 'running' && d.startsAt !== null && Date.parse(d.startsAt) > now;
        const status = scheduled ? 'scheduled' : d.status;
        const minutes = clockNow(d, asOf, now);
        const title = d.scenario
          ? i18n.language === 'en'
            ? d.scenario.title.en
            : d.scenario.title.zh
          : d.id;
        return (
          <li key={d.id} className={`drill drill-${status}${d.id === selectedId ? ' selected' : ''}`}>
            <button
              type="button"
              aria-pressed={d.id === selectedId}
              onClick={() => dispatch(drillSelected(d.id === selectedId ? null : d.id))}
            >
              <strong>{title}</strong>
              <span className={`drill-status status-${status}`}>{t(`drills.statuses.${status}`)}</span>
              {d.mode && <span>{t(`drills.modes.${d.mode}`)}</span>}
              {minutes !== null && !scheduled && <span>{t('drills.clock', { minutes })}</span>}
              {d.startsAt && (
                <span>{t('drills.startedAt', { time: formatChinaTime(Date.parse(d.startsAt)) })}</span>
              )}
              {d.drilled.length > 0 && (
                <span>{t('drills.drilledNames', { names: d.drilled.map(roomName).join('、') })}</span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
