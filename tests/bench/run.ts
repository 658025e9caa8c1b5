// `npm run bench [name…]`: runs every tests/bench/*.bench.ts (or those named), prints the figures and
// writes each result to bench/results/<name>.json. Figures are never asserted inside unit tests.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printResult, writeResult, type Bench } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
/** Run only when named: the province scale run takes ten minutes and the whole machine (`npm run bench -- scale`). */
const onlyWhenNamed = new Set(['scale.bench.ts']);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => (wanted.length === 0 ? !onlyWhenNamed.has(f) : wanted.some((w) => f.startsWith(w))))
  .sort();

let failed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { benches: Bench[] };
  for (const bench of mod.benches) {
    try {
      const result = await bench.run();
      printResult(result);
      console.log(`   → ${writeResult(result)}`);
    } catch (error) {
      failed += 1;
      console.error(`bench ${bench.name} failed:`, error);
    }
  }
}
process.exitCode = failed > 0 ? 1 : 0;
