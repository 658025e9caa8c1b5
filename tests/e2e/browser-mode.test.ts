import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  chromiumPresent,
  freePort,
  issueToken,
  launchChromium,
  repoRoot,
  runScript,
  type Running,
  buildRendererOnce,
} from './harness';

/**
 * End to end in Debian's Chromium against browser mode: real launcher processes, a real hub process,
 * real SQLite, real sockets on 127.0.0.1. Nothing is stubbed.
 */
if (!chromiumPresent)
  console.warn('browser-mode e2e skipped: /usr/bin/chromium is not installed (apt-get install chromium)');

// `npm run e2e:screenshots` refreshes the README's pictures; a plain test run keeps them in its temp folder.
const screenshotsTo = (work: string) =>
  process.env.DUTYROOM_SCREENSHOTS
    ? join(repoRoot, process.env.DUTYROOM_SCREENSHOTS)
    : join(work, 'screenshots');
const uniqueTitle = (what: string) => `${what}${Date.now().toString(36).slice(-5)}`;

async function registerIncident(
  page: Page,
  title: string,
  point: { lon: string; lat: string },
  extra: { injured?: string } = {},
) {
  await page.keyboard.press('n');
  const form = page.getByTestId('incident-form');
  await form.waitFor();
  await form.locator('input[name=title]').fill(title);
  await form.locator('select[name=category]').selectOption('accident');
  await form.locator('select[name=subtype]').selectOption('fire');
  await form.locator('select[name=level]').selectOption('III');
  await form.locator('input[name=address]').fill('万盛街道建设路12号');
  await form.locator('input[name=lon]').fill(point.lon);
  await form.locator('input[name=lat]').fill(point.lat);
  await form.locator('input[name=callerName]').fill('张先生');
  await form.locator('input[name=callerPhone]').fill('13800000000');
  if (extra.injured) await form.locator('input[name=injured]').fill(extra.injured);
  await form.locator('textarea[name=description]').fill('厂房二层起火，浓烟较大，已拨打119。');
  const submittedAt = Date.now();
  await form.locator('textarea[name=description]').press('Control+Enter');
  await form.waitFor({ state: 'detached' });
  return submittedAt;
}

const row = (page: Page, title: string) => page.getByTestId('incident-row').filter({ hasText: title });
const onMap = (page: Page, title: string) =>
  page.locator('[data-testid=map-features] li[data-kind=incident]').filter({ hasText: title });
const linkStatus = (page: Page) => page.getByTestId('link-state').getAttribute('data-status');

describe.skipIf(!chromiumPresent)('browser mode, end to end', () => {
  let browser: Browser;
  const work = mkdtempSync(join(tmpdir(), 'dutyroom-e2e-'));
  const running: Running[] = [];
  let app: Running & { match: RegExpMatchArray };

  beforeAll(async () => {
    // Build the renderer as shipped; the launcher serves dist/renderer.
    await buildRendererOnce();
    [browser, app] = await Promise.all([
      launchChromium(),
      runScript(
        'station/host/start.ts',
        ['--data', join(work, 'embedded'), '--port', '0', '--leader', '李主任', '--officer', '王值班'],
        /Duty Room \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/)/,
      ),
    ]);
    running.push(app);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(running.map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'the embedded default opens the board; a registered incident is in the list and on the map',
    { timeout: 200_000 },
    async () => {
      expect(app.output()).toMatch(/Electron binary not found.*serving browser mode/);
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(app.match[1]!);
      await expect.poll(() => linkStatus(page), { timeout: 15_000 }).toBe('online');
      await expect.poll(() => page.getByTestId('on-duty').textContent()).toContain('李主任');
      // The demo feed's teams arrive through the embedded hub.
      await page.getByTestId('teams').waitFor({ timeout: 15_000 });

      const title = uniqueTitle('建设路厂房火灾');
      await registerIncident(page, title, { lon: '106.921', lat: '28.955' }, { injured: '3' });
      await row(page, title).waitFor({ timeout: 5000 });
      await onMap(page, title).waitFor({ state: 'attached', timeout: 5000 });
      expect(await page.getByTestId('toast').textContent()).toContain(title);
      // The map really draws (WebGL canvas present, not the fallback list).
      expect(await page.locator('[data-testid=map] canvas').count()).toBeGreaterThan(0);

      const screenshots = screenshotsTo(work);
      mkdirSync(screenshots, { recursive: true });
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(screenshots, 'console.png') });

      const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await wall.goto(`${app.match[1]!}?view=wall`);
      // The map stays on the wall; the incident list is one of the panes taking turns beside it (default:
      // three panes, 20 s each), so its turn comes within one round.
      await onMap(wall, title).waitFor({ state: 'attached', timeout: 10_000 });
      await row(wall, title).waitFor({ timeout: 70_000 });
      await wall.waitForTimeout(800);
      await wall.screenshot({ path: join(screenshots, 'wall-display.png') });
      await wall.close();

      // Keyboard first: the command palette switches the language, and every visible word follows.
      await page.keyboard.press('Control+k');
      await page.getByTestId('palette').locator('input').fill('language');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('link-state').textContent()).toContain('Online');
      expect(await page.locator('[data-pane=incidents] h2').textContent()).toBe('Incidents');
      // The board's arrangement is kept for this station: a hidden pane stays hidden after a reload.
      await page.locator('[data-pane=warnings] button[aria-label="Hide"]').click();
      await page.reload();
      await row(page, title).waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-pane=warnings]').count()).toBe(0);
      expect(await page.locator('[data-pane=incidents] h2').textContent()).toBe('Incidents');
      await page.close();
    },
  );

  it(
    'a second station on the same hub sees the incident within a second; offline changes are queued and delivered when the hub returns',
    { timeout: 180_000 },
    async () => {
      const hubPort = await freePort();
      const hubData = join(work, 'hub');
      const startHub = () =>
        runScript('hub/cli.ts', ['serve', '--port', String(hubPort), '--data', hubData], /hub listening on/);
      let hub = await startHub();
      running.push(hub);
      const hubUrl = `http://127.0.0.1:${hubPort}`;
      const districtToken = await issueToken(hubData, 'district-500110', '500110');
      const cityToken = await issueToken(hubData, 'city-5001', '5001');
      const url = /Duty Room \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/)/;
      const [district, city] = await Promise.all([
        runScript(
          'station/host/start.ts',
          [
            '--data',
            join(work, 'district'),
            '--station',
            'district-500110',
            '--jurisdiction',
            '500110',
            '--hub',
            hubUrl,
            '--token',
            districtToken,
            '--browser',
          ],
          url,
        ),
        runScript(
          'station/host/start.ts',
          [
            '--data',
            join(work, 'city'),
            '--station',
            'city-5001',
            '--jurisdiction',
            '5001',
            '--name',
            '市应急值班室',
            '--hub',
            hubUrl,
            '--token',
            cityToken,
            '--browser',
          ],
          url,
        ),
      ]);
      running.push(district, city);

      const a = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      const b = await browser.newPage({ viewport: { width: 1400, height: 850 } });
      await a.goto(district.match[1]!);
      await b.goto(city.match[1]!);
      await expect.poll(() => linkStatus(a), { timeout: 15_000 }).toBe('online');
      await expect.poll(() => linkStatus(b), { timeout: 15_000 }).toBe('online');

      // Registered at the district, seen by the city above it.
      const first = uniqueTitle('南桐镇山体滑坡');
      // The city's page notes the moment the incident appears in its DOM (no polling delay in the figure).
      await b.evaluate((title) => {
        const w = window as unknown as { seenAt?: number };
        new MutationObserver((_m, observer) => {
          if (document.body.textContent?.includes(title)) {
            w.seenAt = Date.now();
            observer.disconnect();
          }
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      }, first);
      const submittedAt = await registerIncident(a, first, { lon: '106.884', lat: '28.985' });
      await row(b, first).waitFor({ timeout: 5000 });
      const propagationMs =
        (await b.evaluate(() => (window as unknown as { seenAt?: number }).seenAt ?? Number.NaN)) -
        submittedAt;
      // Live, not on a refresh. The one-second figure is measured in tests/bench/station-ui.bench.ts on an
      // idle machine; here the bound is loose because the team's machine may be loaded (timed assertions flake).
      expect(propagationMs).toBeLessThan(5000);
      await onMap(b, first).waitFor({ state: 'attached', timeout: 1000 });
      // A new incident from below raises an alarm at the city; acknowledging it is recorded.
      const alarm = b.getByTestId('alarm').filter({ hasText: first });
      await alarm.waitFor({ timeout: 2000 });
      await alarm.getByRole('button').click();
      await alarm.waitFor({ state: 'detached', timeout: 2000 });

      // The hub goes away: the district's header says offline and queues what it registers.
      await hub.stop();
      await expect.poll(() => linkStatus(a), { timeout: 10_000 }).toBe('offline');
      const queued = uniqueTitle('青年镇道路积水');
      await registerIncident(a, queued, { lon: '106.987', lat: '28.903' });
      await row(a, queued).waitFor({ timeout: 2000 });
      await expect
        .poll(() => a.getByTestId('outbox-depth').getAttribute('data-depth'), { timeout: 5000 })
        .not.toBeNull();
      expect(Number(await a.getByTestId('outbox-depth').getAttribute('data-depth'))).toBeGreaterThanOrEqual(
        1,
      );
      expect(await row(b, queued).count()).toBe(0);

      // The hub returns on the same port with the same log: the queue drains and the city sees the change.
      hub = await startHub();
      running.push(hub);
      await expect.poll(() => linkStatus(a), { timeout: 15_000 }).toBe('online');
      await expect.poll(() => a.getByTestId('outbox-depth').count(), { timeout: 10_000 }).toBe(0);
      await row(b, queued).waitFor({ timeout: 10_000 });

      console.log(`e2e: district keypress → city screen ${propagationMs} ms`);
      await a.close();
      await b.close();
    },
  );

  it(
    'the page is locked down: no require or process, javascript: URLs and inline script refused, window.open gives nothing',
    { timeout: 90_000 },
    async () => {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.goto(app.match[1]!);
      await page.getByTestId('link-state').waitFor();
      expect(
        await page.evaluate(() => [
          typeof (window as unknown as { require?: unknown }).require,
          typeof (window as unknown as { process?: unknown }).process,
        ]),
      ).toEqual(['undefined', 'undefined']);
      const before = page.url();
      await page.evaluate(() => {
        window.location.href = 'javascript:window.__pwned = 1';
      });
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = 2';
        document.body.appendChild(s);
      });
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(page.url()).toBe(before);
      expect(violations.length).toBeGreaterThanOrEqual(1);
      expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
      expect(
        browser
          .contexts()
          .flatMap((c) => c.pages())
          .some((p) => p.url().includes('example.com')),
      ).toBe(false);
      await page.close();
    },
  );
});
