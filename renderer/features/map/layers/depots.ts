import { IconLayer } from '@deck.gl/layers';
import { iconMapping } from '../icons';
import type { DepotMarker } from '../markers';
import type { LayerView } from './types';

export function depotLayer(depots: readonly DepotMarker[], view: LayerView) {
  return new IconLayer<DepotMarker>({
    id: 'depots',
    data: depots,
    ...view.atlas,
    iconMapping,
    getIcon: () => 'depot',
    getPosition: (d) => [d.lon, d.lat],
    getColor: [167, 139, 250, 255],
    getSize: 16 * view.scale,
    pickable: true,
  });
}
