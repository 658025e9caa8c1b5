import { TileLayer } from '@deck.gl/geo-layers';
import { BitmapLayer } from '@deck.gl/layers';
import type { TextureSource } from '@deck.gl/core';
import type { BasemapsWire } from '../../../shared/api/map-calls';

const RASTER = new Set(['png', 'jpg', 'jpeg', 'webp']);

/** One raster tile source to draw: its URL template (same-origin for packages) and zoom range. */
export interface TileSource {
  id: string;
  url: string;
  minzoom: number;
  maxzoom: number;
  bounds?: [number, number, number, number];
}

/**
 * The raster sources in drawing order: the XYZ server underneath (it covers everything while the
 * network holds), the offline packages over it (they cover the district whatever the network does).
 * Vector (pbf) packages are not drawn as images.
 */
export function tileSources(basemaps: BasemapsWire | null): TileSource[] {
  if (!basemaps) return [];
  return [
    ...(basemaps.xyz
      ? [{ id: 'xyz', url: basemaps.xyz.url, minzoom: basemaps.xyz.minzoom, maxzoom: basemaps.xyz.maxzoom }]
      : []),
    ...basemaps.packages
      .filter((p) => RASTER.has(p.format ?? 'png'))
      .map((p) => ({
        id: `mbtiles-${p.id}`,
        url: p.url,
        minzoom: p.minzoom ?? 0,
        maxzoom: p.maxzoom ?? 18,
        ...(p.bounds ? { bounds: p.bounds } : {}),
      })),
  ];
}

/** deck.gl tile layers (TileLayer of BitmapLayers) for the sources. */
export function basemapTileLayers(sources: readonly TileSource[]) {
  return sources.map(
    (source) =>
      // A tile's data is its decoded image (nothing where the source answered 204).
      new TileLayer<TextureSource | null>({
        id: `tiles-${source.id}`,
        data: source.url,
        minZoom: source.minzoom,
        maxZoom: source.maxzoom,
        tileSize: 256,
        ...(source.bounds ? { extent: source.bounds } : {}),
        // A tile the package does not hold answers 204: nothing to draw there, nothing to report.
        onTileError: () => {},
        renderSubLayers: (props) => {
          // The map's one view is a MapView (MapPane), so a tile's bounding box is geographic:
          // [[west, south], [east, north]].
          const [[west, south], [east, north]] = props.tile.boundingBox;
          return new BitmapLayer({
            id: props.id,
            image: props.data,
            bounds: [west, south, east, north],
          });
        },
      }),
  );
}
