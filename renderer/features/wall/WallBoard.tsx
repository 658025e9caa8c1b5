import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { wallPaneAt } from '../../../shared/display/wall';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectNow } from '../header/selectors';
import { selectMostUrgentIncident } from '../incidents/selectors';
import { PANES, type PaneId } from '../layout/slice';
import { paneContent } from '../layout/panes';
import { fetchWallSettings } from '../map/commands';
import './wall.css';

const known = (p: string): p is PaneId => (PANES as readonly string[]).includes(p) && p !== 'map';

/**
 * The wall display: the map large on the left, framing the open incidents; beside it the panes the
 * console chose take turns, each for the chosen interval (turns counted on the window's one clock,
 * so two walls agree). Settings come from the station and follow its pushes.
 */
export function WallBoard() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const settings = useAppSelector((s) => s.map.wall);
  const connected = useAppSelector((s) => s.station.connected);
  const now = useAppSelector(selectNow);
  const mostUrgent = useAppSelector(selectMostUrgentIncident);
  useEffect(() => {
    if (connected) void dispatch(fetchWallSettings(undefined));
  }, [connected, dispatch]);

  const panes = settings.panes.filter(known);
  const rotating = panes.length > 0 ? { ...settings, panes } : { ...settings, panes: ['incidents'] };
  const current = wallPaneAt(rotating, now) as PaneId;
  const turn = rotating.panes.indexOf(current);
  const leftS = Math.ceil((rotating.intervalS * 1000 - (now % (rotating.intervalS * 1000))) / 1000);
  return (
    <div className="wall-board" data-testid="wall-board" data-wall-pane={current}>
      {/* The map stays mounted while the panes beside it take turns (one WebGL context, no re-fit). */}
      <section className="pane pane-map" aria-label={t('panes.map')} data-pane="map" id="pane-map">
        <header className="pane-header">
          <h2>{t('panes.map')}</h2>
        </header>
        <div className="pane-body">{paneContent.map(true)}</div>
        {/* Whatever pane has its turn beside the map, the most urgent incident stays in sight. */}
        {mostUrgent && (
          <div className="wall-most-urgent" role="status" aria-label={t('map.wall.mostUrgent')}>
            <span className="wall-most-urgent-label">{t('map.wall.mostUrgent')}</span>
            <span className={`level-badge level-${mostUrgent.facts.level}`}>
              {t(`incident.levelShort.${mostUrgent.facts.level}`)}
            </span>
            <strong>{mostUrgent.facts.title}</strong>
            <span>
              {t(`incident.statuses.${mostUrgent.status}`)}
              {mostUrgent.facts.casualties.dead + mostUrgent.facts.casualties.missing > 0 &&
                ` · ${t('incident.dead')} ${mostUrgent.facts.casualties.dead} · ${t('incident.missing')} ${mostUrgent.facts.casualties.missing}`}
            </span>
          </div>
        )}
      </section>
      <section
        className={`pane pane-${current}`}
        aria-label={t(`panes.${current}`)}
        data-pane={current}
        key={current}
      >
        <header className="pane-header">
          <h2>{t(`panes.${current}`)}</h2>
        </header>
        <div className="pane-body">{paneContent[current](true)}</div>
      </section>
      {rotating.panes.length > 1 && (
        <div className="wall-rotation" aria-live="off" data-testid="wall-rotation">
          {rotating.panes.map((p, i) => (
            <span key={p} className={i === turn ? 'current' : ''}>
              {t(`panes.${p}`)}
            </span>
          ))}
          <span className="next">{t('map.wall.next', { seconds: leftS })}</span>
        </div>
      )}
    </div>
  );
}
