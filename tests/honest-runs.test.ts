import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The test run itself: `npm test` is never green by leaving the browser suites out. Missing Chromium or the CJK
 * font is installed (root on Debian) or named with the command to run; a browser suite without Chromium fails
 * with that command; only DUTYROOM_SKIP_BROWSER_SUITES=1 skips, and says so; past its budget the run fails.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dutyroom-honest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Outcome {
  code: number;
  output: string;
}
const run = (command: string, args: string[], env: Record<string, string | undefined>): Promise<Outcome> =>
  new Promise((resolve) => {
    // The run under test is a fresh one: not this run's vitest worker, not its opt-outs.
    const environment = Object.fromEntries(
      Object.entries({ ...process.env, ...env }).filter(
        ([key, value]) => value !== undefined && !key.startsWith('VITEST'),
      ),
    );
    execFile(command, args, { cwd: root, env: environment, timeout: 240_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
const prerequisites = (args: string[], env: Record<string, string | undefined>) =>
  run(process.execPath, [join(root, 'scripts', 'test-prerequisites.mjs'), ...args], {
    DUTYROOM_SKIP_BROWSER_SUITES: undefined,
    ...env,
  });
const INSTALL = 'apt-get install -y --no-install-recommends chromium fonts-noto-cjk';
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('test prerequisites', () => {
  it('without Chromium a run that may not install it fails and prints the one command to run', async () => {
    const { code, output } = await prerequisites(['--check-only'], {
      DUTYROOM_CHROMIUM: join(work, 'no-chromium'),
    });
    expect(code).toBe(1);
    expect(output).toContain(INSTALL);
  });

  it('skipping the browser suites is asked for by name, and the run says so', async () => {
    const { code, output } = await prerequisites(['--check-only'], {
      DUTYROOM_CHROMIUM: join(work, 'no-chromium'),
      DUTYROOM_SKIP_BROWSER_SUITES: '1',
    });
    expect(code).toBe(0);
    expect(output).toContain('BROWSER SUITES SKIPPED BY REQUEST');
  });

  // Installing needs root; CI runs as root, so CI runs this one.
  it.runIf(asRoot)(
    'as root on Debian it installs what is missing with apt-get, and checks again after',
    async () => {
      // apt-get and fc-list are stand-ins on PATH: the machine's packages are not touched.
      const bin = join(work, 'bin');
      const calls = join(work, 'apt-calls');
      rmSync(bin, { recursive: true, force: true });
      writeFileSync(calls, '');
      const fake = (name: string, body: string) => {
        writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
        chmodSync(join(bin, name), 0o755);
      };
      mkdirSync(bin);
      fake('apt-get', `echo "$@" >> ${calls}`);
      fake('fc-list', 'exit 0'); // no font at all
      const { code, output } = await prerequisites([], { PATH: `${bin}:${process.env.PATH ?? ''}` });
      expect(readFileSync(calls, 'utf8').trim().split('\n')).toEqual([
        'update -q',
        'install -y -q --no-install-recommends fonts-noto-cjk fontconfig',
      ]);
      // The stand-in installed nothing: the second look still misses the font, and the run stops with the command.
      expect(code).toBe(1);
      expect(output).toContain('installing did not provide it');
      expect(output).toContain(INSTALL);
    },
  );
});

describe('browser suites', () => {
  const vitest = join(root, 'node_modules', '.bin', 'vitest');
  const suite = 'tests/e2e/intake.test.ts';

  it(
    'without Chromium a browser suite fails, naming the command that installs it; it is not skipped',
    { timeout: 240_000 },
    async () => {
      const { code, output } = await run(vitest, ['run', '--project', 'e2e', suite], {
        DUTYROOM_CHROMIUM: join(work, 'no-chromium'),
        DUTYROOM_SKIP_BROWSER_SUITES: undefined,
      });
      expect(code).not.toBe(0);
      expect(output).toContain(`Chromium is not installed at ${join(work, 'no-chromium')}`);
      expect(output).toContain(INSTALL);
    },
  );

  it(
    'DUTYROOM_SKIP_BROWSER_SUITES=1 skips it, and the file says it tested nothing',
    { timeout: 240_000 },
    async () => {
      const { code, output } = await run(vitest, ['run', '--project', 'e2e', suite], {
        DUTYROOM_CHROMIUM: join(work, 'no-chromium'),
        DUTYROOM_SKIP_BROWSER_SUITES: '1',
      });
      expect(code).toBe(0);
      expect(output).toContain('BROWSER SUITE SKIPPED BY REQUEST');
      expect(output).toMatch(/1 skipped/);
    },
  );
});

describe('npm test', () => {
  it('fails once the run passes its budget, and says so', { timeout: 120_000 }, async () => {
    const { code, output } = await run(process.execPath, [join(root, 'scripts', 'test.mjs'), 'lint'], {
      DUTYROOM_TEST_BUDGET_MIN: '0.0001',
      DUTYROOM_CI_STARTED_AT: undefined,
    });
    expect(code).toBe(1);
    expect(output).toContain('longer than its 0.0001-minute budget');
  });
});
