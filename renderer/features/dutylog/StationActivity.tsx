import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatChinaTime } from '../../../shared/time';
import { useAppSelector } from '../../app/hooks';
import { selectDutyLog } from './selectors';

/** 系统动态: the newest events of the station's log, who did what and when. */
export function StationActivity() {
  const { t } = useTranslation();
  const events = useAppSelector(selectDutyLog);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 30,
    overscan: 10,
  });
  if (events.length === 0) return <p className="empty">{t('dutyLog.none')}</p>;
  return (
    <div className="duty-log" ref={scroller} data-testid="duty-log">
      <ul style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => {
          const e = events[row.index];
          if (!e) return null;
          return (
            <li
              key={e.id}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${row.start}px)`,
              }}
            >
              <time>{formatChinaTime(Date.parse(e.recordedAt), true)}</time>
              <span className="log-type">
                {t(`dutyLog.types.${e.type.replace('.', '_')}`, { defaultValue: e.type })}
              </span>
              <span className="log-who">{t('dutyLog.by', { who: e.actor.name ?? e.actor.id })}</span>
              <span className="log-station">{e.station}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
