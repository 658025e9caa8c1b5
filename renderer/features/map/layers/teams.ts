import { IconLayer } from '@deck.gl/layers';
import { iconMapping } from '../icons';
import type { TeamMarker } from '../markers';
import type { LayerView, RGBA } from './types';

export const teamStatusColour: Record<TeamMarker['status'], RGBA> = {
  standby: [34, 197, 94, 255],
  assembling: [163, 230, 53, 255],
  en_route: [56, 189, 248, 255],
  on_scene: [250, 204, 21, 255],
  working: [249, 115, 22, 255],
  returning: [167, 139, 250, 255],
};

/** An arrow for a team that reports its heading, a dot for one that does not (or sits at its base). */
export const teamIcon = (m: Pick<TeamMarker, 'headingDeg'>) => (m.headingDeg === undefined ? 'dot' : 'arrow');
/** deck.gl turns icons counter-clockwise; a heading turns clockwise from north. */
export const teamAngle = (m: Pick<TeamMarker, 'headingDeg'>) => -(m.headingDeg ?? 0);
export const teamSize = (m: Pick<TeamMarker, 'headingDeg'>, scale: number) =>
  (m.headingDeg === undefined ? 14 : 20) * scale;

/** Teams at their last position, coloured by status, pointing where they head. */
export function teamLayer(teams: readonly TeamMarker[], view: LayerView) {
  const { scale } = view;
  return new IconLayer<TeamMarker>({
    id: 'teams',
    data: teams,
    ...view.atlas,
    iconMapping,
    getIcon: teamIcon,
    getAngle: teamAngle,
    getPosition: (m) => [m.lon, m.lat],
    getColor: (m) => teamStatusColour[m.status],
    getSize: (m) => teamSize(m, scale),
    updateTriggers: { getSize: scale },
    pickable: true,
  });
}
