import { ok } from '../../shared/result';
import type { StationBasemaps } from '../basemap/sources';

/** The map's station calls: which tile basemaps exist (none without packages or an XYZ setting). */
export function mapHandlers(basemaps: StationBasemaps | undefined) {
  return {
    basemaps: () => ok(basemaps?.describe() ?? { packages: [], xyz: null }),
  };
}
