import { useTranslation } from 'react-i18next';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { selectHiddenLayers } from './selectors';
import { MAP_LAYERS, layerToggled, type MapLayerId } from './slice';

/** The layers the legend lists, with the swatch it shows. */
const legendSwatch: Record<MapLayerId, string> = {
  incidents: '#dc2626',
  teams: '#22c55e',
  trails: '#38bdf8',
  dispatch: '#10b981',
  riskPoints: '#ea580c',
  depots: '#a78bfa',
  shelters: '#2dd4bf',
  warnings: '#eab308',
  headquarters: '#f472b6',
  tiles: '#64748b',
};

/** The legend: each layer with its swatch, a switch per layer on the console (the wall only shows it, open). */
export function MapLegend({ wall, hasTiles }: { wall: boolean; hasTiles: boolean }) {
  const { t } = useTranslation();
  const dispatch = useAppDispatch();
  const hidden = useAppSelector(selectHiddenLayers);
  const layerIds = MAP_LAYERS.filter((id) => id !== 'tiles' || hasTiles);
  return (
    <details className="map-legend" open={wall || undefined} data-testid="map-legend">
      <summary>{t('map.legend')}</summary>
      <ul>
        {layerIds.map((id) => (
          <li key={id}>
            <label>
              {!wall && (
                <input
                  type="checkbox"
                  checked={!hidden.includes(id)}
                  onChange={() => dispatch(layerToggled(id))}
                  data-testid={`layer-${id}`}
                />
              )}
              <span className="swatch" style={{ background: legendSwatch[id] }} />
              {t(`map.layers.${id}`)}
            </label>
          </li>
        ))}
      </ul>
      <div className="legend-keys">
        <span>{t('map.keys.symbols')}</span>
        <span>{t('map.keys.levels')}</span>
        <span>{t('map.keys.teams')}</span>
      </div>
    </details>
  );
}
