import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WallSettings } from '../../../shared/display/wall';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { PANES } from '../layout/slice';
import { configureWall, fetchWallSettings } from '../map/commands';

const INTERVALS = [10, 20, 30, 60, 120, 300];

/**
 * 大屏设置 at the console: which panes take turns on the wall beside the map, and for how long each.
 * Applied through the station (recorded as `display.wall_configured`), so every wall follows it.
 */
export function WallControl() {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const current = useAppSelector((s) => s.map.wall);
  const connected = useAppSelector((s) => s.station.connected);
  const [panes, setPanes] = useState<string[]>(current.panes);
  const [intervalS, setIntervalS] = useState(current.intervalS);
  const [status, setStatus] = useState<'idle' | 'saved' | 'refused'>('idle');
  useEffect(() => {
    if (connected) void dispatch(fetchWallSettings(undefined));
  }, [connected, dispatch]);
  useEffect(() => {
    setPanes(current.panes);
    setIntervalS(current.intervalS);
  }, [current]);

  const choosable = PANES.filter((p) => p !== 'map');
  const draft = { panes: choosable.filter((p) => panes.includes(p)), intervalS };
  const valid = WallSettings.safeParse(draft).success;
  return (
    <details className="wall-control" data-testid="wall-control">
      <summary>{t('map.wall.settings')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          void dispatch(configureWall(draft))
            .unwrap()
            .then(
              () => setStatus('saved'),
              () => setStatus('refused'),
            );
        }}
      >
        <fieldset>
          <legend>{t('map.wall.panes')}</legend>
          {choosable.map((p) => (
            <label key={p}>
              <input
                type="checkbox"
                name={`wall-pane-${p}`}
                checked={panes.includes(p)}
                onChange={(e) =>
                  setPanes((was) => (e.target.checked ? [...was, p] : was.filter((x) => x !== p)))
                }
              />
              {t(`panes.${p}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('map.wall.interval')}
          <select
            name="wall-interval"
            value={intervalS}
            onChange={(e) => setIntervalS(Number(e.target.value))}
          >
            {INTERVALS.map((s) => (
              <option key={s} value={s}>
                {t('map.wall.seconds', { count: s })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={!valid} data-testid="wall-apply">
          {t('map.wall.apply')}
        </button>
        {status === 'saved' && <span role="status">{t('map.wall.saved')}</span>}
        {status === 'refused' && <span role="alert">{t('map.wall.refused')}</span>}
        {!valid && <span className="hint">{t('map.wall.pickOne')}</span>}
      </form>
    </details>
  );
}
