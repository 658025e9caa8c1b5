import { IconLayer } from '@deck.gl/layers';
import { iconMapping } from '../icons';
import type { headquartersSites } from '../markers';
import type { LayerView } from './types';

export type HeadquartersSite = ReturnType<typeof headquartersSites>[number];

/** On-site headquarters (现场指挥部), drawn a little up and right of the incident they serve. */
export function headquartersLayer(sites: readonly HeadquartersSite[], view: LayerView) {
  return new IconLayer<HeadquartersSite>({
    id: 'headquarters',
    data: sites,
    ...view.atlas,
    iconMapping,
    getIcon: () => 'headquarters',
    getPosition: (h) => [h.lon, h.lat],
    getColor: [244, 114, 182, 255],
    getSize: 26 * view.scale,
    getPixelOffset: [8, -12],
    pickable: true,
  });
}
