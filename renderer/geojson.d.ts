/** GeoJSON files are bundled as data by the vite plugin in vite.config.ts. */
declare module '*.geojson' {
  const collection: import('geojson').FeatureCollection;
  export default collection;
}
