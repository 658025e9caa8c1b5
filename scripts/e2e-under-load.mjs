#!/usr/bin/env node
// The test of the browser suites' waits: run them while a CPU burner keeps a core busy, several times in a
// row, and fail unless every run passes. A suite that waits on a clock fails here; one that waits on what
// must show only takes longer. Outside CI (it doubles the time): `npm run test:e2e:loaded`, and `npm run soak`.
//
//   node scripts/e2e-under-load.mjs [--runs N] [--burners N] [vitest file filters…]
//   defaults: 2 runs, 1 burner (the other core of the team's 2-core machine), every e2e file
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = argv.splice(i, 2);
  return Number(value);
};
const runs = option('--runs', 2);
const burners = option('--burners', 1);
const filters = argv;
const reports = mkdtempSync(join(tmpdir(), 'dutyroom-loaded-'));
const minutes = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

if (
  spawnSync(process.execPath, [join(root, 'scripts', 'test-prerequisites.mjs')], { stdio: 'inherit' })
    .status !== 0
)
  process.exit(1);
if (process.env.DUTYROOM_SKIP_BROWSER_SUITES === '1') {
  console.error('e2e under load: DUTYROOM_SKIP_BROWSER_SUITES=1 leaves nothing to load-test');
  process.exit(1);
}

/** A busy loop in its own process, bounded (two hours at most) even if this script is killed before it stops it. */
function startBurner() {
  const child = spawn(
    process.execPath,
    ['-e', 'const end = Date.now() + 2 * 3600_000; while (Date.now() < end);'],
    {
      stdio: 'ignore',
    },
  );
  const startedAt = Date.now();
  return {
    /** CPU seconds it used per wall second (1.0: a whole core), read from /proc before it is stopped. */
    stop() {
      let share = Number.NaN;
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 per second)
        share = ticks / 100 / ((Date.now() - startedAt) / 1000);
      } catch {
        // not on Linux: no figure
      }
      child.kill('SIGKILL');
      return share;
    },
  };
}

function vitestRun(n) {
  const report = join(reports, `run-${n}.json`);
  return new Promise((resolve) => {
    const child = spawn(
      join(root, 'node_modules', '.bin', 'vitest'),
      [
        'run',
        '--project',
        'e2e',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
        ...filters,
      ],
      { cwd: root, stdio: 'inherit' },
    );
    child.once('exit', (code) => {
      let files = [];
      try {
        files = JSON.parse(readFileSync(report, 'utf8')).testResults.map((r) => ({
          file: r.name.replace(root, ''),
          ms: r.endTime - r.startTime,
          status: r.status,
        }));
      } catch {
        // no report: the run died before writing it
      }
      resolve({ ok: code === 0, code, files });
    });
  });
}

const results = [];
for (let n = 1; n <= runs; n++) {
  console.log(`\n━━ e2e under load: run ${n} of ${runs}, ${burners} core(s) kept busy ━━`);
  const load = Array.from({ length: burners }, startBurner);
  const t0 = Date.now();
  let result;
  try {
    result = await vitestRun(n);
  } finally {
    const shares = load.map((b) => b.stop());
    result = { ...result, ms: Date.now() - t0, shares, load: loadavg()[2] };
  }
  results.push(result);
}
rmSync(reports, { recursive: true, force: true });

console.log('\n━━ e2e under load ━━');
results.forEach((r, i) => {
  const busy = r.shares.map((s) => (Number.isFinite(s) ? `${Math.round(s * 100)}%` : '?')).join(', ');
  console.log(
    `  run ${i + 1}: ${r.ok ? 'passed' : `FAILED (exit ${r.code})`} in ${minutes(r.ms)} min; burner used ${busy} of a core; machine's 15-min load average ${r.load.toFixed(1)}`,
  );
  for (const f of r.files.sort((a, b) => b.ms - a.ms))
    console.log(
      `    ${minutes(f.ms).padStart(6)}  ${f.file}${f.status === 'passed' ? '' : `  (${f.status})`}`,
    );
});
process.exit(results.every((r) => r.ok) ? 0 : 1);
