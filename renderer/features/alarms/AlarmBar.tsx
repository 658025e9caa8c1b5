import { useTranslation } from 'react-i18next';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { acknowledgeAlarm } from '../../app/commands';
import { selectAlarms } from './slice';
import { alarmText } from './announce';
import { useAreas } from '../incidents/areas';

/** Unacknowledged alarms, most severe first. Acknowledging is recorded by the station. */
export function AlarmBar({ readOnly = false }: { readOnly?: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const alarms = useAppSelector(selectAlarms);
  // Alarms name divisions (下级报告：万盛经开区…): drawn again when the station names a code, so an alarm that
  // rang before this window learnt the name (a console opened after it) does not keep the bare code.
  useAreas();
  if (alarms.length === 0) return null;
  // One bar, one line high, however many alarms ring: the count first, then each alarm, most severe first,
  // scrolling sideways; the panes below never move down.
  return (
    <section
      className="alarm-bar"
      role="alert"
      aria-label={t('alarms.count', { count: alarms.length })}
      data-testid="alarm-bar"
    >
      <span className="alarm-count" data-severity={alarms[0]?.severity}>
        {t('alarms.count', { count: alarms.length })}
      </span>
      <ul>
        {alarms.map((alarm) => (
          <li
            key={alarm.id}
            className={`alarm alarm-${alarm.severity}`}
            data-testid="alarm"
            data-kind={alarm.kind}
            data-severity={alarm.severity}
            title={alarmText(alarm)}
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
    </section>
  );
}
