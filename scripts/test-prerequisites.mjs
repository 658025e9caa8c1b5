#!/usr/bin/env node
// What the test suites need from the machine, checked before any of them runs: Debian's Chromium (the
// browser-mode end-to-end suites drive it), a CJK font (Chinese renders, in the pages and the screenshots), and
// PostgreSQL with the test role and database (the hub's tests run on it as well as on SQLite).
// Missing ones are installed where this runs as root on Debian; elsewhere it stops and prints the one command
// to run. It never turns missing into skipped: only DUTYROOM_SKIP_BROWSER_SUITES=1, asked for by name, skips
// the browser suites, and the run says so loudly.
//
//   node scripts/test-prerequisites.mjs               check, install as root on Debian, else fail with the command
//   node scripts/test-prerequisites.mjs --check-only  check and fail with the command, never install
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = process.env.DUTYROOM_CHROMIUM ?? '/usr/bin/chromium';
export const SKIP_VARIABLE = 'DUTYROOM_SKIP_BROWSER_SUITES';
export const INSTALL_COMMAND =
  'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk';

const cjkFontPresent = () => {
  try {
    return /Noto Sans CJK/i.test(
      execFileSync('fc-list', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  } catch {
    return false; // no fontconfig: no font it could find either
  }
};

/** The Debian packages that are missing. */
export function missingPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!cjkFontPresent()) missing.push('fonts-noto-cjk');
  return missing;
}

const banner = (lines) => {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const rule = '#'.repeat(width);
  console.log([rule, ...lines.map((l) => `# ${l}`), rule].join('\n'));
};

function main() {
  const checkOnly = process.argv.includes('--check-only');
  if (process.env[SKIP_VARIABLE] === '1') {
    banner([
      `BROWSER SUITES SKIPPED BY REQUEST (${SKIP_VARIABLE}=1).`,
      'This run does not test the console in a browser; CI (.ci/run) never skips them.',
    ]);
    return 0;
  }
  let missing = missingPackages();
  if (missing.length === 0) {
    console.log(`test prerequisites: Chromium at ${CHROMIUM}, Noto Sans CJK present`);
    return 0;
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  // A Chromium elsewhere than Debian's path is the caller's to provide: apt-get would not put it there.
  const installable =
    !checkOnly && root && apt && (CHROMIUM === '/usr/bin/chromium' || !missing.includes('chromium'));
  if (installable) {
    console.log(`test prerequisites: installing ${missing.join(' ')} (running as root on Debian)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const steps = [
      ['apt-get', ['update', '-q']],
      [
        'apt-get',
        [
          'install',
          '-y',
          '-q',
          '--no-install-recommends',
          ...missing,
          ...(missing.includes('fonts-noto-cjk') ? ['fontconfig'] : []),
        ],
      ],
    ];
    for (const [command, args] of steps) {
      const result = spawnSync(command, args, { stdio: 'inherit', env });
      if (result.status !== 0) {
        console.error(
          `test prerequisites: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`,
        );
        return 1;
      }
    }
    missing = missingPackages();
    if (missing.length === 0) {
      console.log('test prerequisites: installed');
      return 0;
    }
  }
  const elsewhere = missing.includes('chromium') && CHROMIUM !== '/usr/bin/chromium';
  banner([
    `The tests need ${missing.join(' and ')}, and ${installable ? 'installing did not provide it' : 'this run may not install it'}${elsewhere ? ` (DUTYROOM_CHROMIUM=${CHROMIUM} does not exist; unset it to use Debian's)` : ''}.`,
    'Run:',
    '',
    `    ${INSTALL_COMMAND}`,
    '',
    `then npm test again. (${SKIP_VARIABLE}=1 npm test skips the browser suites, by name, and says so.)`,
  ]);
  return 1;
}

/** The hub's tests run on PostgreSQL as well as SQLite (issue #21): this database, or DUTYROOM_TEST_PG_URL. */
export const TEST_PG_URL = 'postgres://dutyroom:dutyroom@127.0.0.1:5432/dutyroom_test';
export const PG_SETUP_COMMANDS = [
  'sudo apt-get install -y --no-install-recommends postgresql',
  'sudo pg_ctlcluster 15 main start',
  `sudo -u postgres psql -c "CREATE ROLE dutyroom LOGIN PASSWORD 'dutyroom'"`,
  'sudo -u postgres createdb -O dutyroom dutyroom_test',
];

const pgReachable = (url) =>
  spawnSync('psql', [url, '-tAqc', 'SELECT 1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });

/**
 * PostgreSQL for the hub's tests: reachable with the test role, else (as root on Debian, for the
 * default address) installed, its cluster started and the role and database made; else fail with the
 * commands. Never a skip: the PostgreSQL variants of the hub's tests fail without it.
 */
export function postgresPrerequisite(checkOnly = process.argv.includes('--check-only')) {
  const url = process.env.DUTYROOM_TEST_PG_URL ?? TEST_PG_URL;
  const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  let probe = pgReachable(url);
  if (probe.status === 0) {
    console.log(`test prerequisites: PostgreSQL reachable at ${shown}`);
    return 0;
  }
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!checkOnly && root && existsSync('/usr/bin/apt-get') && url === TEST_PG_URL) {
    console.log('test prerequisites: starting PostgreSQL and making the test role and database (running as root on Debian)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status === 0;
    if (!existsSync('/usr/bin/pg_ctlcluster')) {
      run('apt-get', ['update', '-q']);
      run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'postgresql']);
    }
    const clusters = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).stdout ?? '';
    const [version, name] = clusters.trim().split(/\s+/);
    if (version && name) run('pg_ctlcluster', [version, name, 'start']);
    const asPostgres = (sql) =>
      spawnSync('runuser', ['-u', 'postgres', '--', 'psql', '-tAqc', sql], { encoding: 'utf8' }).stdout?.trim();
    if (asPostgres("SELECT 1 FROM pg_roles WHERE rolname = 'dutyroom'") !== '1')
      asPostgres("CREATE ROLE dutyroom LOGIN PASSWORD 'dutyroom'");
    if (asPostgres("SELECT 1 FROM pg_database WHERE datname = 'dutyroom_test'") !== '1')
      asPostgres('CREATE DATABASE dutyroom_test OWNER dutyroom');
    probe = pgReachable(url);
    if (probe.status === 0) {
      console.log(`test prerequisites: PostgreSQL reachable at ${shown}`);
      return 0;
    }
  }
  banner([
    `The hub's tests need PostgreSQL at ${shown} (${(probe.stderr || probe.error?.message || 'not reachable').trim().split('\n')[0]}).`,
    'Run:',
    '',
    ...PG_SETUP_COMMANDS.map((c) => `    ${c}`),
    '',
    'or point DUTYROOM_TEST_PG_URL at a database the tests may make schemas in; then npm test again.',
  ]);
  return 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1]))
  process.exitCode = Math.max(main(), postgresPrerequisite());
