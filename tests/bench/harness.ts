import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';

/** One benchmark's figures: named numbers with units, and whether each goal was met. */
export interface BenchResult {
  name: string;
  /** What was measured and how, in a sentence. */
  description: string;
  figures: Record<string, { value: number; unit: string }>;
  goals?: Array<{ figure: string; op: '>=' | '<='; target: number; met: boolean }>;
  environment?: Record<string, string | number>;
}

export interface Bench {
  name: string;
  run: () => Promise<BenchResult>;
}

export const resultsDir = join(process.cwd(), 'bench', 'results');

export function goal(figures: BenchResult['figures'], figure: string, op: '>=' | '<=', target: number) {
  const v = figures[figure]?.value;
  const met = v !== undefined && (op === '>=' ? v >= target : v <= target);
  return { figure, op, target, met };
}

/** Run `fn` `runs` times and return each run's duration in ms, sorted (ready for `percentile`). */
export function timeSamples(runs: number, fn: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function writeResult(result: BenchResult): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${result.name}.json`);
  const withEnv = {
    ...result,
    measuredAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      // Figures taken on a busy machine read worse: say how busy it was.
      loadAverage1m: Number((loadavg()[0] ?? 0).toFixed(2)),
      ...result.environment,
    },
  };
  writeFileSync(file, `${JSON.stringify(withEnv, null, 2)}\n`);
  return file;
}

export function printResult(r: BenchResult): void {
  console.log(`\n== ${r.name}: ${r.description}`);
  for (const [k, f] of Object.entries(r.figures)) console.log(`   ${k.padEnd(40)} ${formatNumber(f.value)} ${f.unit}`);
  for (const g of r.goals ?? []) console.log(`   goal ${g.figure} ${g.op} ${g.target}: ${g.met ? 'met' : 'NOT MET'}`);
}

const formatNumber = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
