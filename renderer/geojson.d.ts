/** GeoJSON files are bundled as data by the vite plugin in vite.config.ts. */
declare module '*.geojson' {
  import type { FeatureCollection } from 'geojson';

  const collection: FeatureCollection;
  export default collection;
}
