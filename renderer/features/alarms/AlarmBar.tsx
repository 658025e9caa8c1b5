import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { acknowledgeAlarm } from '../../app/commands';
import { selectAlarms } from './slice';
import { alarmText } from './announce';

/** Unacknowledged alarms, most severe first. Acknowledging is recorded by the station. */
export function AlarmBar({ readOnly = false }: { readOnly?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const alarms = useAppSelector(selectAlarms);
  if (alarms.length === 0) return null;
  return (
    <section
      className="alarm-bar"
      role="alert"
      aria-label={t('alarms.count', { count: alarms.length })}
      data-testid="alarm-bar"
    >
      <ul>
        {alarms.slice(0, 4).map((alarm) => (
          <li
            key={alarm.id}
            className={`alarm alarm-${alarm.severity}`}
            data-testid="alarm"
            data-kind={alarm.kind}
            data-severity={alarm.severity}
          >
            <time>{formatChinaTime(Date.parse(alarm.raisedAt))}</time>
            <span className="alarm-text">{alarmText(alarm)}</span>
            {!readOnly && (
              <button type="button" onClick={() => void dispatch(acknowledgeAlarm({ alarmId: alarm.id }))}>
                {t('alarms.acknowledge')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {alarms.length > 4 && <span className="alarm-more">{t('alarms.count', { count: alarms.length })}</span>}
    </section>
  );
}
