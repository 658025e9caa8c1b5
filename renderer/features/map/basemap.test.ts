import { describe, expect, it } from 'vitest';
import { _Tile2DHeader as Tile2DHeader } from '@deck.gl/geo-layers';
import { BitmapLayer } from '@deck.gl/layers';
import type { TextureSource } from '@deck.gl/core';
import { basemapTileLayers, tileSources } from './basemap';

describe('tile basemaps the map draws', () => {
  it('nothing without a station answer or with neither packages nor an XYZ source', () => {
    expect(tileSources(null)).toEqual([]);
    expect(tileSources({ packages: [], xyz: null })).toEqual([]);
  });
  it('the XYZ server underneath, raster packages over it; vector packages are not drawn as images', () => {
    const sources = tileSources({
      xyz: { url: 'https://gis.example.gov.cn/{z}/{x}/{y}.png?tk=t', minzoom: 0, maxzoom: 18 },
      packages: [
        {
          id: 'wansheng',
          format: 'jpg',
          minzoom: 8,
          maxzoom: 14,
          bounds: [106.8, 28.8, 107.1, 29.1],
          url: '/basemap/wansheng/{z}/{x}/{y}.jpg',
        },
        { id: 'roads', format: 'pbf', url: '/basemap/roads/{z}/{x}/{y}.pbf' },
      ],
    });
    expect(sources).toEqual([
      { id: 'xyz', url: 'https://gis.example.gov.cn/{z}/{x}/{y}.png?tk=t', minzoom: 0, maxzoom: 18 },
      {
        id: 'mbtiles-wansheng',
        url: '/basemap/wansheng/{z}/{x}/{y}.jpg',
        minzoom: 8,
        maxzoom: 14,
        bounds: [106.8, 28.8, 107.1, 29.1],
      },
    ]);
  });
  it('each tile is drawn as an image over its own geographic box (west, south, east, north)', () => {
    const [layer] = basemapTileLayers([{ id: 'xyz', url: '/xyz/{z}/{x}/{y}.png', minzoom: 0, maxzoom: 18 }]);
    const tile = new Tile2DHeader<TextureSource | null>({ x: 843, y: 421, z: 10 });
    // What deck.gl's tileset gives a tile of a MapView: [[west, south], [east, north]] in degrees.
    tile.boundingBox = [
      [116.3, 39.8],
      [116.6, 40.1],
    ];
    const drawn = layer.props.renderSubLayers({
      ...layer.props,
      id: 'tile-843-421-10',
      data: null,
      _offset: 0,
      tile,
    });
    expect(drawn).toBeInstanceOf(BitmapLayer);
    expect((drawn as BitmapLayer).props.bounds).toEqual([116.3, 39.8, 116.6, 40.1]);
  });
});
