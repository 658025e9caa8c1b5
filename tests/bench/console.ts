// What the console benchmarks share (console-wall, intake-keys): the renderer built as the e2e tests build it,
// a station in browser mode with its embedded hub and demo feed, and its console in Debian's Chromium drawing
// WebGL in software (tests/e2e/harness.ts launches it the same way).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildRendererOnce, launchChromium, requireChromium, runScript, type Running } from '../e2e/harness';

/** The line a station prints once it serves the console in browser mode (tests/e2e/rig.ts). */
const BROWSER_MODE_URL = /Duty Room \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/)/;

export interface ConsoleRig {
  browser: Browser;
  url: string;
  /** The station's console in a new page, once its header says it is online and its list is drawn. */
  open(viewport?: { width: number; height: number }): Promise<Page>;
  /** The WebGL renderer Chromium reports (SwiftShader here). */
  webgl(): Promise<string>;
  close(): Promise<void>;
}

export async function startConsole(name: string, stationArgs: string[] = []): Promise<ConsoleRig> {
  requireChromium();
  const work = mkdtempSync(join(tmpdir(), `dutyroom-bench-${name}-`));
  let station: (Running & { match: RegExpMatchArray }) | undefined;
  let browser: Browser | undefined;
  try {
    await buildRendererOnce();
    station = await runScript(
      'station/host/start.ts',
      [
        '--data',
        join(work, 'station'),
        '--station',
        `bench-${name}-500110`,
        '--jurisdiction',
        '500110',
        '--browser',
        ...stationArgs,
      ],
      BROWSER_MODE_URL,
    );
    browser = await launchChromium();
  } catch (error) {
    await station?.stop();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const url = station.match[1];
  const b = browser;
  const s = station;
  return {
    browser: b,
    url,
    async open(viewport = { width: 1600, height: 900 }) {
      const page = await b.newPage({ viewport });
      page.setDefaultTimeout(120_000);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(
        () => document.querySelector('[data-testid=link-state]')?.getAttribute('data-status') === 'online',
        null,
        { timeout: 120_000 },
      );
      await page.getByRole('listbox', { name: /未结束事件/ }).or(page.getByText('暂无未结束事件')).first().waitFor();
      if (errors.length > 0) throw new Error(`console page: ${errors.join('; ')}`);
      return page;
    },
    async webgl() {
      const probe = await b.newPage();
      try {
        return await probe.evaluate(() => {
          const gl = document.createElement('canvas').getContext('webgl2');
          const info = gl?.getExtension('WEBGL_debug_renderer_info');
          return gl
            ? String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER))
            : 'no WebGL2';
        });
      } finally {
        await probe.close();
      }
    },
    async close() {
      await b.close();
      await s.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
