import { memo, useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppSelector } from '../../app/hooks';
import { selectHiddenLayers, selectMapPoints, type MapPoint } from './selectors';
import { formatCountdown, type DispatchLine } from './markers';

/**
 * One row per point. Positions live in attributes (in the text only when the list stands in for the
 * map): 2,000 teams move every second, and re-translating and re-laying out their text each time cost
 * more than drawing them (tests/bench/map-frames.bench.ts). Props are plain strings, so a row whose
 * point did not move (to the metre shown) or change is skipped.
 */
const PointRow = memo(function PointRow(p: {
  kind: MapPoint['kind'];
  id: string;
  tag: string;
  lon: string;
  lat: string;
  text: string;
}) {
  return (
    <li data-kind={p.kind} data-id={p.id} data-tag={p.tag} data-lon={p.lon} data-lat={p.lat}>
      {p.text}
    </li>
  );
});

/** The rows of incidents and teams: memoised whole, so the urgent render with the old points skips them. */
const PointRows = memo(function PointRows({
  points,
  failed,
  incidentLabel,
  teamLabel,
}: {
  points: readonly MapPoint[];
  failed: boolean;
  incidentLabel: string;
  teamLabel: string;
}) {
  return points.map((p) => {
    const lon = p.lon.toFixed(3);
    const lat = p.lat.toFixed(3);
    const label = p.kind === 'incident' ? incidentLabel : teamLabel;
    return (
      <PointRow
        key={`${p.kind}:${p.id}`}
        kind={p.kind}
        id={p.id}
        tag={p.tag}
        lon={lon}
        lat={lat}
        text={`${label}: ${p.name}${failed ? ` (${lon}, ${lat})` : ''}`}
      />
    );
  });
});

/**
 * The list beside the canvas naming what is drawn, for screen readers and for tests; it stands in for
 * the map when the PC has no WebGL (`failed`).
 */
export function MapFeatureList({
  failed,
  lines,
  riskCount,
}: {
  failed: boolean;
  lines: readonly DispatchLine[];
  /** Risk points drawn (the clusters' counts added up). */
  riskCount: number;
}) {
  const { t } = useTranslation();
  // Rendered after the map has drawn (a deferred value renders in a background pass React can pause):
  // 2,000 rows a second must not hold up the frame that shows the teams move.
  const points = useDeferredValue(useAppSelector(selectMapPoints));
  const riskShown = useAppSelector((s) => !selectHiddenLayers(s).includes('riskPoints'));
  const incidentLabel = t('map.legendIncidents');
  const teamLabel = t('map.legendTeams');
  return (
    <ul className={failed ? 'map-fallback' : 'sr-only'} aria-label={t('map.listLabel')} data-testid="map-features">
      <PointRows points={points} failed={failed} incidentLabel={incidentLabel} teamLabel={teamLabel} />
      {lines.map((l) => (
        <li key={`line:${l.orderId}`} data-kind="dispatch" data-id={l.orderId} data-late={l.late}>
          {l.teamName} → {l.incidentTitle}
          {l.remainingMs !== undefined ? ` ${formatCountdown(l.remainingMs)}` : ''}
        </li>
      ))}
      {riskShown && (
        <li data-kind="risk-points" data-count={riskCount}>
          {t('map.riskCluster', { count: riskCount })}
        </li>
      )}
    </ul>
  );
}
