import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatChinaTime } from '../../../shared/time';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { incidentSelected } from '../../app/actions';
import { divisionName, useAreas } from './areas';
import { selectIncidentsByUrgency } from './selectors';
import { DrillMark } from '../drills/DrillMark';

/** The incident list's DOM id: `D` with nothing selected sends the focus here. */
export const INCIDENT_LIST_ID = 'incident-listbox';

/** Focus the incident list's current option (the selected one, else the first). */
export function focusIncidentList() {
  const list = document.getElementById(INCIDENT_LIST_ID);
  const option = list?.querySelector<HTMLElement>('[role=option][tabindex="0"]') ?? list;
  option?.focus();
}

/**
 * Open incidents, the most urgent first (selectIncidentsByUrgency); virtualised so a long flood season stays
 * quick. A listbox: Tab reaches the selected incident, ↑/↓/Home/End walk the list and select as they go, and
 * a click selects (a second click on the selected incident keeps it selected).
 */
export function IncidentList({ large = false }: { large?: boolean }) {
  const { t } = useTranslation();
  useAreas();
  const incidents = useAppSelector(selectIncidentsByUrgency);
  const dispatch = useAppDispatch();
  const ownJurisdiction = useAppSelector((s) => s.station.info?.jurisdiction);
  // Selection is shared with the map: a click here selects it there, and the reverse.
  const selectedId = useAppSelector((s) => s.map.selectedIncidentId);
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = large ? 84 : 58;
  const virtual = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    // Before the pane is measured (and where nothing is laid out), draw the first screenful.
    initialRect: { width: 400, height: rowHeight * 12 },
  });
  const selectedIndex = selectedId ? incidents.findIndex((i) => i.id === selectedId) : -1;
  const activeIndex = selectedIndex >= 0 ? selectedIndex : 0;
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtual]);
  if (incidents.length === 0) return <p className="empty">{t('incident.none')}</p>;

  const walk = (e: KeyboardEvent<HTMLUListElement>) => {
    const last = incidents.length - 1;
    const to =
      e.key === 'ArrowDown'
        ? Math.min(last, activeIndex + 1)
        : e.key === 'ArrowUp'
          ? Math.max(0, activeIndex - 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : null;
    if (to === null) return;
    e.preventDefault();
    const target = incidents[to];
    if (!target) return;
    dispatch(incidentSelected(target.id));
    virtual.scrollToIndex(to, { align: 'auto' });
    // The row may only now be drawn: focus it once it is.
    const focus = (tries: number) => {
      const row = document.querySelector<HTMLElement>(
        `#${INCIDENT_LIST_ID} [data-incident-id="${target.id}"]`,
      );
      if (row) row.focus();
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    focus(10);
  };

  return (
    <div className="incident-list" ref={scroller} data-testid="incident-list">
      <div className="count">{t('incident.count', { count: incidents.length })}</div>
      <ul
        id={INCIDENT_LIST_ID}
        role="listbox"
        aria-label={t('incident.listLabel')}
        onKeyDown={walk}
        style={{ height: virtual.getTotalSize(), position: 'relative' }}
      >
        {virtual.getVirtualItems().map((row) => {
          const incident = incidents[row.index];
          if (!incident) return null;
          const { facts } = incident;
          const casualties = facts.casualties;
          const selected = incident.id === selectedId;
          // A subordinate's incident says where it came from (the city sees its districts').
          const from =
            ownJurisdiction && incident.jurisdiction !== ownJurisdiction
              ? divisionName(incident.jurisdiction)
              : null;
          return (
            <li
              key={incident.id}
              role="option"
              tabIndex={row.index === activeIndex ? 0 : -1}
              className={`incident level-${facts.level} status-${incident.status}${selected ? ' selected' : ''}`}
              aria-selected={selected}
              onClick={() => dispatch(incidentSelected(incident.id))}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  dispatch(incidentSelected(incident.id));
                }
              }}
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
                <strong className="incident-title">
                  {facts.title}
                  <DrillMark incident={incident} />
                </strong>
                <span className="incident-meta">
                  {from && <span className="incident-from">{t('incident.from', { name: from })} · </span>}
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
