import { PathLayer } from '@deck.gl/layers';
import type { Trails } from '../markers';

export interface TrailPath {
  id: string;
  path: Array<[number, number]>;
}

/** The trails worth a line: two positions or more. */
export function trailPaths(trails: Trails): TrailPath[] {
  return Object.entries(trails)
    .filter(([, path]) => path.length > 1)
    .map(([id, path]) => ({ id, path }));
}

/** Where each team has been lately, as a thin line behind it. */
export function trailLayer(paths: readonly TrailPath[]) {
  return new PathLayer<TrailPath>({
    id: 'trails',
    data: paths,
    getPath: (d) => d.path,
    getColor: [56, 189, 248, 150],
    getWidth: 2,
    widthUnits: 'pixels',
  });
}
