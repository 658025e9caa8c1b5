#!/usr/bin/env node
// `npm run soak`: the long runs that stay out of CI (`npm test` keeps to its 75-minute budget).
// 1. The fault and crash suites, SOAK_ROUNDS times (default 3), the partition suite with 4× its CI events and
//    cuts (PARTITION_TOTAL, PARTITION_CUTS), the three hub nodes on PostgreSQL (two node kills, a server
//    restart, link cuts through the fault proxy) with 5,000 events and a seed of its own each round
//    (HUB_NODES_TOTAL, HUB_NODES_SEED), the scale harness's smoke with 600 stations instead of CI's 200
//    (SCALE_SMOKE_STATIONS). A flaky fault shows as one round in several failing.
// 2. The browser suites twice in a row with a core kept busy (scripts/e2e-under-load.mjs).
// Every part runs; the exit status fails if any did.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const rounds = Number(process.env.SOAK_ROUNDS ?? 3);
const minutes = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

const env = {
  ...process.env,
  PARTITION_TOTAL: process.env.PARTITION_TOTAL ?? '20000',
  PARTITION_CUTS: process.env.PARTITION_CUTS ?? '120',
  HUB_NODES_TOTAL: process.env.HUB_NODES_TOTAL ?? '5000',
  SCALE_SMOKE_STATIONS: process.env.SCALE_SMOKE_STATIONS ?? '600',
};
const parts = [
  ...Array.from({ length: rounds }, (_, i) => ({
    name: `fault round ${i + 1}/${rounds} (partition: ${env.PARTITION_TOTAL} events, ${env.PARTITION_CUTS} cuts)`,
    command: join(root, 'node_modules', '.bin', 'vitest'),
    // The partition suite's own 400 s limit is for CI's counts; a soak's larger counts take longer.
    args: ['run', '--project', 'fault', '--testTimeout=3600000'],
    env: { ...env, HUB_NODES_SEED: process.env.HUB_NODES_SEED ?? String(20261207 + i) },
  })),
  {
    name: 'e2e under load, twice',
    command: process.execPath,
    args: [join(root, 'scripts', 'e2e-under-load.mjs')],
  },
];

const results = [];
for (const part of parts) {
  console.log(`\n━━ soak: ${part.name} ━━`);
  const t0 = Date.now();
  const { status } = spawnSync(part.command, part.args, { cwd: root, stdio: 'inherit', env: part.env ?? env });
  results.push({ name: part.name, ok: status === 0, ms: Date.now() - t0 });
}
console.log('\n━━ soak ━━');
for (const r of results)
  console.log(`  ${minutes(r.ms).padStart(6)}  ${r.ok ? 'passed' : 'FAILED'}  ${r.name}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
