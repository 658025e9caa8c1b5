import { IconLayer } from '@deck.gl/layers';
import { iconMapping } from '../icons';
import type { ShelterMarker } from '../markers';
import type { LayerView, RGBA } from './types';

/** Room to spare green, filling yellow, full red. */
export const shelterColour: Record<ShelterMarker['band'], RGBA> = {
  room: [45, 212, 191, 255],
  filling: [250, 204, 21, 255],
  full: [239, 68, 68, 255],
};

export function shelterLayer(shelters: readonly ShelterMarker[], view: LayerView) {
  return new IconLayer<ShelterMarker>({
    id: 'shelters',
    data: shelters,
    ...view.atlas,
    iconMapping,
    getIcon: () => 'shelter',
    getPosition: (s) => [s.lon, s.lat],
    getColor: (s) => shelterColour[s.band],
    getSize: 18 * view.scale,
    pickable: true,
  });
}
