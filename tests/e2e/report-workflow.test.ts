import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import {
  chromiumPresent,
  freePort,
  issueToken,
  launchChromium,
  repoRoot,
  runScript,
  type Running,
} from './harness';

/**
 * Issue 5's report scenario in Debian's Chromium against browser mode: a district console acting as the
 * leader drafts, signs and sends a first report; the city acknowledges it from its inbox; the district
 * shows the receipt time. Real launcher processes, a real hub, real SQLite; nothing stubbed.
 */
const uniqueTitle = (what: string) => `${what}${Date.now().toString(36).slice(-5)}`;
const url = /Duty Room \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/)/;
const linkStatus = (page: Page) => page.getByTestId('link-state').getAttribute('data-status');

async function registerIncident(page: Page, title: string) {
  await page.keyboard.press('n');
  const form = page.getByTestId('incident-form');
  await form.waitFor();
  await form.locator('input[name=title]').fill(title);
  await form.locator('select[name=category]').selectOption('accident');
  await form.locator('select[name=subtype]').selectOption('fire');
  await form.locator('select[name=level]').selectOption('III');
  await form.locator('input[name=address]').fill('万盛街道建设路12号');
  await form.locator('input[name=lon]').fill('106.884');
  await form.locator('input[name=lat]').fill('28.985');
  await form.locator('input[name=injured]').fill('2');
  await form.locator('textarea[name=description]').fill('厂房二层起火，浓烟较大，已拨打119。');
  await form.locator('textarea[name=description]').press('Control+Enter');
  await form.waitFor({ state: 'detached' });
}

describe.skipIf(!chromiumPresent)('report workflow in browser mode, end to end', () => {
  let browser: Browser;
  const work = mkdtempSync(join(tmpdir(), 'dutyroom-e2e-reports-'));
  const running: Running[] = [];

  beforeAll(async () => {
    await build({ configFile: join(repoRoot, 'vite.config.ts'), logLevel: 'error' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(running.map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it(
    'a first report drafted, signed and sent at the district is acknowledged from the city inbox, and the district shows the receipt',
    { timeout: 180_000 },
    async () => {
      const hubPort = await freePort();
      const hubData = join(work, 'hub');
      const hub = await runScript(
        'hub/cli.ts',
        ['serve', '--port', String(hubPort), '--data', hubData],
        /hub listening on/,
      );
      running.push(hub);
      const hubUrl = `http://127.0.0.1:${hubPort}`;
      const districtToken = await issueToken(hubData, 'district-500110', '500110');
      const cityToken = await issueToken(hubData, 'city-5001', '5001');
      const station = (id: string, jurisdiction: string, token: string, extra: string[]) =>
        runScript(
          'station/host/start.ts',
          [
            '--data',
            join(work, id),
            '--station',
            id,
            '--jurisdiction',
            jurisdiction,
            '--hub',
            hubUrl,
            '--token',
            token,
            '--browser',
            ...extra,
          ],
          url,
        );
      const [district, city] = await Promise.all([
        station('district-500110', '500110', districtToken, [
          '--operator',
          '李主任',
          '--operator-role',
          'leader',
        ]),
        station('city-5001', '5001', cityToken, ['--name', '市应急值班室', '--operator', '赵敏']),
      ]);
      running.push(district, city);
      const a = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const b = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await a.goto(district.match[1]!);
      await b.goto(city.match[1]!);
      await expect.poll(() => linkStatus(a), { timeout: 15_000 }).toBe('online');
      await expect.poll(() => linkStatus(b), { timeout: 15_000 }).toBe('online');

      const title = uniqueTitle('工业园厂房火灾');
      await registerIncident(a, title);

      // The report desk is reached by keyboard: the palette finds it by the incident's title.
      await a.keyboard.press('Control+k');
      await a.getByTestId('palette').locator('input').fill(title);
      await a.getByTestId('palette').locator('input').press('Enter');
      const desk = a.getByTestId('report-desk');
      await desk.waitFor();
      await desk.getByTestId('draft-initial').click();
      const editor = desk.getByTestId('report-editor');
      await editor.waitFor();
      expect(await editor.getByTestId('report-field-place').inputValue()).toContain('万盛街道建设路12号');
      await editor.getByTestId('report-save-submit').click();
      const report = desk.getByTestId('report-row');
      await expect
        .poll(() => report.getAttribute('data-status'), { timeout: 5000 })
        .toBe('awaiting_approval');
      await report.getByTestId('report-approve').click();
      await expect.poll(() => report.getAttribute('data-status'), { timeout: 5000 }).toBe('approved');
      await report.getByTestId('report-send').click();
      await expect.poll(() => report.getAttribute('data-status'), { timeout: 5000 }).toBe('sent');

      // The city's inbox lists it with its age; acknowledging it sends the receipt back down.
      const entry = b.getByTestId('inbox-row').filter({ hasText: title });
      await entry.waitFor({ timeout: 10_000 });
      await entry.getByTestId('inbox-acknowledge').click();
      await entry.waitFor({ state: 'detached', timeout: 5000 });

      await expect.poll(() => report.getAttribute('data-status'), { timeout: 10_000 }).toBe('received');
      expect(await report.getByTestId('report-received').textContent()).toMatch(/\d{1,2}:\d{2}/);
      await a.close();
      await b.close();
    },
  );
});
