import { describe, expect, it } from 'vitest';
import { tileSources } from './basemap';

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
});
