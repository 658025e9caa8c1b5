// Bundle the Electron main process (ESM) and the sandboxed preload (CommonJS, self-contained) into out/.
// out/ sits one level below the app root, so the bundled code finds resources/ and dist/renderer/ by the
// same relative paths as the sources.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'out/main.mjs',
  format: 'esm',
  // node_modules are loaded at run time (better-sqlite3 is native; electron is the host).
  packages: 'external',
});

await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'out/preload.cjs',
  format: 'cjs',
  // A sandboxed preload is a browser-like context: browser builds of dependencies (ulid uses Web Crypto).
  platform: 'browser',
  // A sandboxed preload may require nothing but electron: zod and the contract are bundled in.
  external: ['electron'],
});

console.log('electron shell built: out/main.mjs, out/preload.cjs');
