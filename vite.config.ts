import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/** GeoJSON files are JSON: bundle them as data (the offline basemap in resources/basemap). */
const geojson = (): Plugin => ({
  name: 'dutyroom-geojson',
  transform(code, id) {
    if (!id.endsWith('.geojson')) return null;
    return { code: `export default ${JSON.stringify(JSON.parse(code))};`, map: null };
  },
});

/** The renderer is one static bundle: served by station/host in browser mode, by app:// in Electron. */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), geojson()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    // No inline scripts or eval: the CSP forbids both.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', fs: { allow: ['.'] } },
});
