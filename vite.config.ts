import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/** The renderer is one static bundle: served by station/host in browser mode, by app:// in Electron. */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    // No inline scripts or eval: the CSP forbids both.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', fs: { allow: ['.'] } },
});
