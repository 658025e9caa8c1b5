// Report clocks in the browser (issue 5): 200 countdown rows on the real console in headless Chromium,
// updated at 1 Hz by the one shared clock tick; long tasks (PerformanceObserver 'longtask') recorded
// over `--seconds` (default 30). Goal: none over 50 ms. `npm run bench countdown-rows -- --seconds 10`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { launchChromium, repoRoot } from '../e2e/harness';
import { goal, percentile, type Bench, type BenchResult } from './harness';
import { openStation } from '../../station/host/station';
import { startStationHost } from '../../station/host/server';
import { newId } from '../../shared/ids';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg('seconds') ?? process.env.COUNTDOWN_BENCH_SECONDS ?? 30);
/** Each 较大 accident owes a phone and a written first report: two countdown rows. */
const INCIDENTS = 100;
const VIEWPORT = { width: 1600, height: 1000 };

interface Window {
  longTasks: number[];
  rowUpdates: number;
}

interface Measured {
  rows: number;
  longTasks: number[];
  rowUpdates: number;
  browserVersion: string;
}

/** The console of a station holding `incidents` open 较大 accidents, measured for SECONDS. */
async function measure(rendererDir: string, incidents: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'dutyroom-bench-clocks-'));
  const station = openStation({
    dataDir: dir,
    stationId: 'district-500110',
    jurisdiction: '500110',
    name: '万盛经开区应急值守（基准）',
    operator: { id: 'bench', name: '基准', role: 'officer' },
    onDuty: { leader: '王强', officers: [] },
  });
  const now = new Date().toISOString();
  for (let i = 0; i < incidents; i += 1) {
    const reply = await station.api.dispatch({
      method: 'execute',
      input: {
        id: newId(),
        type: 'incident.register',
        actor: { id: 'bench' },
        payload: {
          incidentId: newId(),
          facts: {
            title: `演练事件${i}`,
            category: 'accident',
            subtype: 'fire',
            level: 'III',
            location: {
              areaCode: '500110101',
              address: `工业园${i}号`,
              point: { lon: 106.85 + (i % 10) * 0.01, lat: 28.95 + Math.floor(i / 10) * 0.005 },
            },
            occurredAt: now,
            receivedAt: now,
            source: 'phone',
          },
        },
      },
    });
    if (!(reply as { ok: boolean }).ok) throw new Error(`registration refused: ${JSON.stringify(reply)}`);
  }
  const host = await startStationHost({ api: station.api, rendererDir });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    const rows = page.getByTestId('clock-row');
    await page.getByTestId('link-state').waitFor({ timeout: 120_000 });
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=clock-row]').length >= n,
      2 * incidents,
      { timeout: 120_000 },
    );
    const rowCount = await rows.count();
    // Let the first paint, the map's first frames and the socket's catch-up settle before measuring.
    await page.waitForTimeout(3000);
    await page.evaluate(() => {
      const w = window as unknown as Window;
      w.longTasks = [];
      w.rowUpdates = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
      const clocks = document.querySelector('[data-testid=report-clocks]');
      if (clocks)
        new MutationObserver((records) => {
          w.rowUpdates += records.length;
        }).observe(clocks, { subtree: true, characterData: true, childList: true });
    });
    const firstBefore = rowCount > 0 ? await rows.first().locator('.clock-remaining').textContent() : null;
    await page.waitForTimeout(SECONDS * 1000);
    const firstAfter = rowCount > 0 ? await rows.first().locator('.clock-remaining').textContent() : null;
    const measured = await page.evaluate(() => {
      const w = window as unknown as Window;
      return { longTasks: [...w.longTasks], rowUpdates: w.rowUpdates };
    });
    if (errors.length > 0) throw new Error(`console page: ${errors.join('; ')}`);
    if (rowCount > 0 && firstBefore === firstAfter)
      throw new Error(`the countdown did not move: ${firstBefore}`);
    return { rows: rowCount, ...measured, browserVersion: browser.version() };
  } finally {
    await browser.close();
    await host.close();
    station.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function countdownRows(): Promise<BenchResult> {
  // A production bundle of its own: dist/renderer may hold one built under vitest (NODE_ENV=test), whose
  // development JSX runtime (jsxDEV, console.createTask per element) costs several times more per render.
  const out = mkdtempSync(join(tmpdir(), 'dutyroom-bench-renderer-'));
  const rendererDir = join(out, 'renderer');
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(repoRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
      build: { outDir: rendererDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  // The same console with no incidents first: what the page costs without any countdown row.
  let empty: Measured;
  let full: Measured;
  try {
    empty = await measure(rendererDir, 0);
    full = await measure(rendererDir, INCIDENTS);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const stats = (tasks: number[]) => {
    const sorted = [...tasks].sort((a, b) => a - b);
    return { count: tasks.length, over50: tasks.filter((d) => d > 50).length, max: sorted.at(-1) ?? 0 };
  };
  const e = stats(empty.longTasks);
  const f = stats(full.longTasks);
  const sortedFull = [...full.longTasks].sort((a, b) => a - b);
  const figures = {
    rows: { value: full.rows, unit: 'rows' },
    seconds: { value: SECONDS, unit: 's' },
    rowMutationsPerSecond: { value: full.rowUpdates / SECONDS, unit: '/s' },
    longTasks: { value: f.count, unit: 'tasks' },
    longTasksOver50ms: { value: f.over50, unit: 'tasks' },
    longTaskMax: { value: f.max, unit: 'ms' },
    longTaskP50: { value: sortedFull.length ? percentile(sortedFull, 50) : 0, unit: 'ms' },
    baselineLongTasks: { value: e.count, unit: 'tasks' },
    baselineLongTaskMax: { value: e.max, unit: 'ms' },
  };
  return {
    name: 'countdown-rows',
    description: `${full.rows} report countdown rows on the console (browser mode, production bundle, headless Chromium, SwiftShader map) ticking at 1 Hz; long tasks over ${SECONDS} s, and the same console without incidents as baseline`,
    figures,
    goals: [goal(figures, 'longTaskMax', '<=', 50)],
    environment: { viewport: `${VIEWPORT.width}x${VIEWPORT.height}`, browser: full.browserVersion },
  };
}

export const benches: Bench[] = [{ name: 'countdown-rows', run: countdownRows }];
