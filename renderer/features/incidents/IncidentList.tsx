import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { incidentSelected } from '../map/slice';
import { selectOpenIncidents } from './selectors';

/** Open incidents, newest call first; virtualised so a long flood season stays quick. */
export function IncidentList({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  const incidents = useAppSelector(selectOpenIncidents);
  const dispatch = useAppDispatch();
  // Selection is shared with the map: a click here selects it there, and the reverse.
  const selectedId = useAppSelector((s) => s.map.selectedIncidentId);
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = large ? 84 : 58;
  const virtual = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });
  const selectedIndex = selectedId ? incidents.findIndex((i) => i.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtual]);
  if (incidents.length === 0) return <p className="empty">{t('incident.none')}</p>;
  return (
    <div className="incident-list" ref={scroller} data-testid="incident-list">
      <div className="count">{t('incident.count', { count: incidents.length })}</div>
      <ul style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((row) => {
          const incident = incidents[row.index];
          if (!incident) return null;
          const { facts } = incident;
          const casualties = facts.casualties;
          return (
            <li
              key={incident.id}
              className={`incident level-${facts.level} status-${incident.status}${incident.id === selectedId ? ' selected' : ''}`}
              aria-selected={incident.id === selectedId}
              onClick={() => dispatch(incidentSelected(incident.id === selectedId ? null : incident.id))}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: rowHeight,
                transform: `translateY(${row.start}px)`,
              }}
              data-testid="incident-row"
              data-incident-id={incident.id}
            >
              <span
                className={`level-badge level-${facts.level}`}
                title={t(`incident.levels.${facts.level}`)}
              >
                {t(`incident.levelShort.${facts.level}`)}
              </span>
              <div className="incident-main">
                <strong className="incident-title">{facts.title}</strong>
                <span className="incident-meta">
                  {t(`incident.subtypes.${facts.subtype}`)} · {t(`incident.statuses.${incident.status}`)} ·{' '}
                  {t('incident.received', { time: formatChinaTime(Date.parse(facts.receivedAt)) })}
                </span>
              </div>
              {(casualties.dead > 0 ||
                casualties.injured > 0 ||
                casualties.missing > 0 ||
                casualties.trapped > 0) && (
                <span className="casualty-summary">
                  {casualties.dead > 0 && `${t('incident.dead')} ${casualties.dead} `}
                  {casualties.injured > 0 && `${t('incident.injured')} ${casualties.injured} `}
                  {casualties.missing > 0 && `${t('incident.missing')} ${casualties.missing} `}
                  {casualties.trapped > 0 && `${t('incident.trapped')} ${casualties.trapped}`}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
