#!/usr/bin/env node
// `npm test`: the prerequisites first (Chromium and the CJK font, scripts/test-prerequisites.mjs), then lint,
// typecheck, unit, fault and end-to-end suites as groups. Each group's minutes are printed, and each test
// file's; past the budget (75 minutes, counted from DUTYROOM_CI_STARTED_AT when .ci/run sets it, so its
// installs count too) the run is stopped and fails. Every group runs even when an earlier one failed, so one
// run shows every failure; the prerequisites are the exception: without them the rest cannot be trusted.
//
//   npm test                 everything, in this order
//   npm test -- unit e2e     the prerequisites, then the groups named
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
// CI's budget. DUTYROOM_TEST_BUDGET_MIN exists for the test of this runner (tests/honest-runs.test.ts); .ci/run unsets it.
const BUDGET_MIN = Number(process.env.DUTYROOM_TEST_BUDGET_MIN ?? 75);
const started = Number(process.env.DUTYROOM_CI_STARTED_AT ?? 0) * 1000 || Date.now();
const reports = mkdtempSync(join(tmpdir(), 'dutyroom-test-'));

const vitest = (project) => ({
  command: bin('vitest'),
  args: [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, `${project}.json`)}`,
  ],
  report: join(reports, `${project}.json`),
});

const groups = [
  {
    name: 'prerequisites',
    command: process.execPath,
    args: [join(root, 'scripts', 'test-prerequisites.mjs')],
    required: true,
  },
  { name: 'lint', command: bin('eslint'), args: ['.'] },
  { name: 'typecheck', command: bin('tsc'), args: ['-b'] },
  { name: 'unit', ...vitest('unit') },
  { name: 'fault', ...vitest('fault') },
  { name: 'e2e', ...vitest('e2e') },
];

const minutes = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const left = () => BUDGET_MIN * 60_000 - (Date.now() - started);

/** Set when this run is interrupted (Ctrl+C, a CI cancel): the group is stopped and no other starts. */
let interrupted = null;

/** Run one group in its own process group, stopped (all of it) when the budget runs out. */
function run(group) {
  return new Promise((resolve) => {
    const child = spawn(group.command, group.args, { cwd: root, stdio: 'inherit', detached: true });
    let overBudget = false;
    const stop = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(
      () => {
        overBudget = true;
        console.error(`\n${group.name}: the run passed its ${BUDGET_MIN}-minute budget; stopping it`);
        stop('SIGTERM');
        setTimeout(() => stop('SIGKILL'), 10_000).unref();
      },
      Math.max(0, left()),
    );
    const forward = (signal) => () => {
      interrupted = signal;
      stop(signal);
    };
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve({ ok: code === 0 && !overBudget, overBudget, exit: code ?? signal });
    });
  });
}

/** Each test file's wall time from vitest's JSON report (its own clock: from the file's first test to its last). */
function fileTimes(report) {
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    return json.testResults.map((r) => ({
      file: r.name.replace(root, ''),
      ms: r.endTime - r.startTime,
      status: r.status,
    }));
  } catch {
    return [];
  }
}

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !groups.some((g) => g.name === a));
if (unknown.length > 0) {
  console.error(`unknown group ${unknown.join(', ')}; groups: ${groups.map((g) => g.name).join(', ')}`);
  process.exit(2);
}
const chosen = groups.filter((g) => g.required || asked.length === 0 || asked.includes(g.name));

const results = [];
for (const group of chosen) {
  if (left() <= 0) {
    results.push({ group, ok: false, overBudget: true, ms: 0, exit: 'not run' });
    continue;
  }
  console.log(`\n━━ ${group.name} ━━ (${minutes(Date.now() - started)} into the run)`);
  const t0 = Date.now();
  const result = await run(group);
  results.push({ group, ...result, ms: Date.now() - t0 });
  console.log(
    `━━ ${group.name}: ${result.ok ? 'passed' : result.overBudget ? 'STOPPED (over budget)' : 'FAILED'} in ${minutes(Date.now() - t0)} min`,
  );
  if ((group.required && !result.ok) || interrupted) break;
}

const total = Date.now() - started;
console.log('\n━━ test run: minutes per group ━━');
for (const r of results)
  console.log(
    `  ${r.group.name.padEnd(14)} ${minutes(r.ms).padStart(6)}  ${r.ok ? 'passed' : r.overBudget ? 'OVER BUDGET' : `FAILED (${r.exit})`}`,
  );
const files = results.flatMap((r) => (r.group.report ? fileTimes(r.group.report) : []));
if (files.length > 0) {
  console.log('━━ slowest test files (minutes) ━━');
  for (const f of files.sort((a, b) => b.ms - a.ms).slice(0, 15))
    console.log(`  ${minutes(f.ms).padStart(6)}  ${f.file}${f.status === 'passed' ? '' : `  (${f.status})`}`);
}
if (process.env.DUTYROOM_SKIP_BROWSER_SUITES === '1')
  console.log(
    '  BROWSER SUITES SKIPPED BY REQUEST (DUTYROOM_SKIP_BROWSER_SUITES=1): this run did not test the console in a browser',
  );
const sinceCi = process.env.DUTYROOM_CI_STARTED_AT ? ' since .ci/run started (installs included)' : '';
console.log(`  total ${minutes(total)} min${sinceCi}; budget ${BUDGET_MIN} min`);
rmSync(reports, { recursive: true, force: true });

if (interrupted) {
  console.error(`INTERRUPTED (${interrupted})`);
  process.exit(130);
}
const failed = results.filter((r) => !r.ok);
if (total > BUDGET_MIN * 60_000 || results.some((r) => r.overBudget)) {
  console.error(
    `FAILED: the run took longer than its ${BUDGET_MIN}-minute budget (soak runs and benchmarks belong in npm run soak / npm run bench)`,
  );
  process.exit(1);
}
if (failed.length > 0) {
  console.error(`FAILED: ${failed.map((r) => r.group.name).join(', ')}`);
  process.exit(1);
}
