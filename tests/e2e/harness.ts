import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'vite';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { whoIsOnDuty } from '../../shared/roster/duty';
import { RosterSettings } from '../../shared/roster/schemas';
import { demoRosterAt, readDemoStaff } from '../../station/roster/demo';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.DUTYROOM_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumPresent = existsSync(CHROMIUM);
/** The one way to run without the browser suites: asked for by name, and said so (scripts/test-prerequisites.mjs). */
export const browserSuitesSkippedByRequest = process.env.DUTYROOM_SKIP_BROWSER_SUITES === '1';
export const INSTALL_BROWSER =
  'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk';

/** Fails a browser suite where Chromium is missing, with the command that installs it: missing is never skipped. */
export function requireChromium(): void {
  if (chromiumPresent) return;
  throw new Error(
    `Chromium is not installed at ${CHROMIUM}${process.env.DUTYROOM_CHROMIUM ? ' (DUTYROOM_CHROMIUM)' : ''}. Run:\n\n    ${INSTALL_BROWSER}\n\n` +
      '(npm test installs it itself when it runs as root on Debian; DUTYROOM_SKIP_BROWSER_SUITES=1 skips the browser suites by name.)',
  );
}

/** Debian's Chromium, never a downloaded one. WebGL through SwiftShader so the map draws headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      // Two stations are two pages here but two PCs in a duty room: neither may be throttled as a background tab.
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      '--disable-backgrounding-occluded-windows',
    ],
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Running {
  proc: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Run a TypeScript entry point of this repository (through tsx) and wait for a line matching `ready`. */
export async function runScript(
  script: string,
  args: string[],
  ready: RegExp,
  {
    // Generous: a launcher on a loaded 2-core machine takes a while to print its line; the wait ends when it does.
    timeoutMs = 180_000,
    stdin = 'ignore',
    env = {},
  }: {
    timeoutMs?: number;
    /** 'pipe' to write to the process (the station's `--test-clock` control); default: no input. */
    stdin?: 'ignore' | 'pipe';
    env?: Record<string, string>;
  } = {},
): Promise<Running & { match: RegExpMatchArray }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DUTY_HUB_LOG: 'warn', ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
  let out = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) { resolve(); return; }
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
    });
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script} did not print ${ready} within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready:\n${out}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { proc, match, output: () => out, stop };
}

/** Issue a hub token with the hub's signing key in its data folder (what `npm run hub -- issue-token` does). */
export async function issueToken(hubData: string, station: string, jurisdiction: string): Promise<string> {
  const { issueToken: issue, loadSigningKey } = await import('../../hub/auth');
  return (await issue(loadSigningKey({ dataDir: hubData }), { station, jurisdiction })).token;
}

/**
 * Build the renderer into dist/renderer once per test run. Every e2e file serves that folder, and vitest runs
 * files side by side: a second build empties it under a page that is loading. The run is the vitest main
 * process (each file's worker is its child); a lock directory makes the others wait for the first build.
 * Another run in the same checkout (a second terminal, a colleague's run) builds again under pages that are
 * loading: so a build is made aside and moved in without emptying the folder, the assets first and
 * index.html last, in one rename; the previous build's assets stay for the pages still loading them.
 */
export async function buildRendererOnce(): Promise<void> {
  const run = process.env.DUTYROOM_E2E_RUN ?? String(process.ppid);
  const dist = join(repoRoot, 'dist');
  const lock = join(dist, '.renderer-build.lock');
  const stamp = join(dist, '.renderer-built-by');
  const served = join(dist, 'renderer');
  mkdirSync(dist, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A build left by a killed run is stale after fifteen minutes (a build on a loaded machine takes minutes).
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 900_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  const aside = join(dist, `.renderer-build-${process.pid}`);
  try {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === run && existsSync(join(served, 'index.html')))
      return;
    await build({
      configFile: join(repoRoot, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: aside, emptyOutDir: true },
    });
    mkdirSync(served, { recursive: true });
    for (const entry of readdirSync(aside))
      if (entry !== 'index.html') cpSync(join(aside, entry), join(served, entry), { recursive: true });
    renameSync(join(aside, 'index.html'), join(served, 'index.html'));
    writeFileSync(stamp, run);
    // Assets of builds an hour old or more are no page's any longer.
    const built = new Set(existsSync(join(aside, 'assets')) ? readdirSync(join(aside, 'assets')) : []);
    for (const asset of existsSync(join(served, 'assets')) ? readdirSync(join(served, 'assets')) : []) {
      const path = join(served, 'assets', asset);
      if (!built.has(asset) && Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { force: true });
    }
  } finally {
    rmSync(aside, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The PIN the rig gives the person it sets up at a test station (first-run screen). */
export const TEST_PIN = '246810';

/** The demo district's people and their demo PINs ("8" and the last five digits of their phone; README 登录). */
export function demoPerson(idOrName: string): { name: string; pin: string } | undefined {
  const file = JSON.parse(readFileSync(join(repoRoot, 'resources/demo/wansheng-staff.json'), 'utf8')) as {
    staff: Array<{ id: string; name: string; phones: string[] }>;
  };
  const p = file.staff.find((s) => s.id === idOrName || s.name === idOrName);
  const digits = p?.phones[0]?.replace(/[^0-9]/g, '') ?? '';
  return p ? { name: p.name, pin: `8${digits.slice(-5)}` } : undefined;
}

/**
 * Who leads the demo district's running shift at `now` (its staff id): the demo station publishes this month's
 * roster by rotation at its first start (station/roster/demo.ts), and only the running shift's 带班领导 signs
 * (issue 17) — so a scenario that signs reports runs its console as that person, whatever the day.
 */
export function demoLeaderOnDuty(now: number = Date.now()): string {
  const file = readDemoStaff();
  const roster = demoRosterAt(file, file.jurisdiction, RosterSettings.parse({}), now);
  const leader = roster && whoIsOnDuty(roster, now).leader;
  if (!leader) throw new Error('the demo roster has no leader on duty now');
  return leader.personId;
}

/**
 * Sign a console in by its visible labels (issue 17): on a station nobody can sign in at yet, the first-run
 * screen sets this person up as the administrator (带班领导 or 值班员 as `role` says); otherwise the person
 * is chosen from the list and their PIN typed. Resolves once the header names them.
 */
export async function signIn(
  page: Page,
  { name, pin = TEST_PIN, role = 'officer' }: { name: string; pin?: string; role?: 'leader' | 'officer' },
): Promise<void> {
  const firstRun = page.getByRole('heading', { name: '首次启动：设置管理员' });
  const signInForm = page.getByRole('heading', { name: '值班人员登录' });
  await firstRun.or(signInForm).first().waitFor();
  if (await firstRun.isVisible()) {
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('口令（6至12位数字，或至少8位密码）').fill(pin);
    await page.getByLabel('再次输入口令').fill(pin);
    await page.getByRole('radio', { name: role === 'leader' ? '带班领导' : '值班员' }).check();
    await page.getByRole('button', { name: '完成设置并登录' }).click();
  } else {
    const person = page.getByLabel('值班人员', { exact: true });
    const value = await person.locator('option', { hasText: name }).first().getAttribute('value');
    await person.selectOption(value ?? '');
    await page.getByLabel('口令', { exact: true }).fill(pin);
    await page.getByLabel('口令', { exact: true }).press('Enter');
  }
  await page.getByTestId('signed-in').getByText(name, { exact: true }).waitFor();
}

/** 签发 asks the leader's own PIN at that moment (issue 17): type it in the confirmation dialog and sign. */
export async function confirmSigning(page: Page, pin: string = TEST_PIN): Promise<void> {
  const dialog = page.getByRole('dialog', { name: '签发确认' });
  await dialog.getByLabel('口令', { exact: true }).fill(pin);
  await dialog.getByRole('button', { name: '确认签发' }).click();
  await dialog.waitFor({ state: 'detached' });
}
