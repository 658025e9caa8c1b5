import type { TFunction } from 'i18next';
import { formatCountdown, type DepotMarker, type DispatchLine, type IncidentMarker, type RiskCluster, type ShelterMarker, type TeamMarker, type WarningArea } from '../markers';
import type { HeadquartersSite } from './headquarters';

/** What the tooltip says of the object under the pointer, by the layer it was drawn in; null for layers without one. */
export function tooltipText(layerId: string, object: unknown, t: TFunction): string | null {
  switch (layerId) {
    case 'incidents': {
      const i = object as IncidentMarker;
      return `${i.title}\n${t(`incident.levels.${i.level}`)} · ${t(`incident.subtypes.${i.subtype}`)}${i.overdue ? `\n${t('map.overdue')}` : ''}`;
    }
    case 'teams': {
      const m = object as TeamMarker;
      return `${m.name}\n${t(`teams.statuses.${m.status}`)} · ${t(`teams.kinds.${m.kind}`)} · ${t('teams.headcount', { count: m.headcount })}`;
    }
    case 'risk-points': {
      const c = object as RiskCluster & { name?: string };
      return c.count > 1 ? t('map.riskCluster', { count: c.count }) : (c.name ?? t('map.layers.riskPoints'));
    }
    case 'shelters': {
      const s = object as ShelterMarker;
      return `${s.name}\n${t('map.shelterOccupancy', { occupancy: s.occupancy, capacity: s.capacity })}`;
    }
    case 'depots': {
      const d = object as DepotMarker;
      return [d.name, ...d.stock.slice(0, 6).map((s) => `${s.item} ${s.quantity}${s.unit}`)].join('\n');
    }
    case 'warnings': {
      const w = object as WarningArea;
      return `${t(`map.warningColours.${w.colour}`)} · ${w.hazard}${w.areaName ? `\n${w.areaName}` : ''}`;
    }
    case 'headquarters': {
      const h = object as HeadquartersSite;
      return `${t('map.layers.headquarters')} · ${h.incidentTitle}${h.address ? `\n${h.address}` : ''}`;
    }
    case 'dispatch-lines': {
      const l = object as DispatchLine;
      return `${l.teamName} → ${l.incidentTitle}${l.remainingMs !== undefined ? `\n${formatCountdown(l.remainingMs)}` : ''}`;
    }
    default:
      return null;
  }
}

/** deck.gl's tooltip for a text: dark, multi-line, larger on the wall. */
export function tooltipFor(text: string | null, wall: boolean) {
  return text
    ? {
        text,
        style: {
          background: '#020617e6',
          color: '#e2e8f0',
          fontSize: wall ? '22px' : '13px',
          whiteSpace: 'pre-line',
          borderRadius: '4px',
        },
      }
    : null;
}
