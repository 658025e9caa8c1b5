import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'vite';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

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
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
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
 */
export async function buildRendererOnce(): Promise<void> {
  const run = process.env.DUTYROOM_E2E_RUN ?? String(process.ppid);
  const dist = join(repoRoot, 'dist');
  const lock = join(dist, '.renderer-build.lock');
  const stamp = join(dist, '.renderer-built-by');
  mkdirSync(dist, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A build left by a killed run is stale after five minutes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    if (
      existsSync(stamp) &&
      readFileSync(stamp, 'utf8') === run &&
      existsSync(join(dist, 'renderer', 'index.html'))
    )
      return;
    await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error' });
    writeFileSync(stamp, run);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
