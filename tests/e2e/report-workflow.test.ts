import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import mammoth from 'mammoth';
import ExcelJS from 'exceljs';
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
 * Issue 5's report scenario in Debian's Chromium against browser mode: a 较大 incident's phone countdown
 * reads the rule profile; the district's clock (--test-clock, moved from the test) passes T−10 min, T−2 min
 * and T, and the ladder rings in that order, the overdue rung naming the leader on duty; the district
 * console acting as the leader drafts, signs and sends the first report; the city acknowledges it from its
 * inbox; the district shows the receipt time and the obligation met; the exported .docx is read back.
 * Real launcher processes, a real hub, real SQLite; nothing stubbed.
 */
const profile = JSON.parse(readFileSync(join(repoRoot, 'resources', 'rules', 'default.json'), 'utf8')) as {
  categories: { accident: { levels: { III: { initialPhone: { minutes: number } } } } };
};
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
    await buildRendererOnce();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(running.map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  it(
    "a 较大 incident: the phone countdown reads the profile, reminder, alarm and overdue to the leader ring in order; the first report is signed, sent, acknowledged above, and meets its obligation; the .docx reads back; the day's timeliness table and .xlsx count them",
    { timeout: 420_000 },
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
      const station = (
        id: string,
        jurisdiction: string,
        token: string,
        extra: string[],
        stdin: 'ignore' | 'pipe',
      ) =>
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
          60_000,
          stdin,
        );
      const [district, city] = await Promise.all([
        // The district's time is the test's to move (--test-clock, read from its standard input).
        station(
          'district-500110',
          '500110',
          districtToken,
          ['--operator', '李主任', '--operator-role', 'leader', '--leader', '王强', '--test-clock'],
          'pipe',
        ),
        station('city-5001', '5001', cityToken, ['--name', '市应急值班室', '--operator', '赵敏'], 'ignore'),
      ]);
      running.push(district, city);
      expect(district.output()).toContain('TEST CLOCK');

      // Only the district station's clock moves; the city keeps real time.
      let offsetMs = 0;
      const stationNow = () => Date.now() + offsetMs;
      const a = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const b = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const advanceTo = async (target: number) => {
        const ms = Math.max(0, Math.round(target - stationNow()));
        const seen = district.output().length;
        district.proc.stdin?.write(`advance ${ms}\n`);
        await expect
          .poll(() => /test clock now /.test(district.output().slice(seen)), { timeout: 10_000 })
          .toBe(true);
        offsetMs += ms;
        // The console's countdowns follow the station's clock from each snapshot: look again.
        await a.reload();
        await expect.poll(() => linkStatus(a), { timeout: 60_000 }).toBe('online');
      };

      await a.goto(district.match[1]!);
      await b.goto(city.match[1]!);
      await expect.poll(() => linkStatus(a), { timeout: 60_000 }).toBe('online');
      await expect.poll(() => linkStatus(b), { timeout: 60_000 }).toBe('online');

      const title = uniqueTitle('工业园厂房火灾');
      const registering = stationNow();
      await registerIncident(a, title);

      // The phone first report counts down from the profile's limit for a 较大 (III) accident.
      const phoneMinutes = profile.categories.accident.levels.III.initialPhone.minutes;
      const phone = a
        .getByTestId('clock-row')
        .filter({ hasText: title })
        .and(a.locator('[data-kind=initial_phone]'));
      await phone.waitFor({ timeout: 10_000 });
      // Received-at defaults to now, to the minute; the phone report is due the profile's minutes later.
      const phoneDue = Date.parse((await phone.locator('time').getAttribute('datetime'))!);
      const receivedAt = phoneDue - phoneMinutes * 60_000;
      expect(receivedAt % 60_000).toBe(0);
      expect(receivedAt).toBeGreaterThan(registering - 60_000);
      expect(receivedAt).toBeLessThanOrEqual(stationNow());
      expect(await phone.locator('.clock-remaining').textContent()).toMatch(
        new RegExp(`剩余 (${phoneMinutes - 1}:[0-5]\\d|${phoneMinutes}:00)$`),
      );
      expect(await phone.getAttribute('data-urgency')).toBe('calm');

      const ladderAlarms = a.getByTestId('alarm').filter({ hasText: title });
      expect(await ladderAlarms.count()).toBe(0);
      /** The one alarm on the bar for this incident: its kind, severity and text; then the officer acknowledges it. */
      const ringsOnce = async (kind: string, severity: string) => {
        await expect.poll(() => ladderAlarms.count(), { timeout: 10_000 }).toBe(1);
        const alarm = ladderAlarms.first();
        expect(await alarm.getAttribute('data-kind')).toBe(kind);
        expect(await alarm.getAttribute('data-severity')).toBe(severity);
        const text = (await alarm.textContent()) ?? '';
        await alarm.getByRole('button').click();
        await expect.poll(() => ladderAlarms.count(), { timeout: 10_000 }).toBe(0);
        return text;
      };

      // T−10 min: the reminder, and nothing else.
      await advanceTo(phoneDue - 10 * 60_000 + 2000);
      expect(await ringsOnce('obligation_due_soon', 'warning')).toContain('电话首报');
      await expect.poll(() => phone.getAttribute('data-urgency'), { timeout: 5000 }).toBe('warning');
      // T−2 min: the alarm with sound.
      await advanceTo(phoneDue - 2 * 60_000 + 2000);
      expect(await ringsOnce('obligation_due_soon', 'urgent')).toContain('电话首报');
      await expect.poll(() => phone.getAttribute('data-urgency'), { timeout: 5000 }).toBe('urgent');
      // T: overdue, and it went to the leader on duty as well.
      await advanceTo(phoneDue + 2000);
      const overdue = await ringsOnce('obligation_overdue', 'urgent');
      expect(overdue).toContain('电话首报');
      expect(overdue).toContain('带班领导：王强');
      await expect.poll(() => phone.getAttribute('data-urgency'), { timeout: 5000 }).toBe('overdue');

      // The report desk is reached by keyboard: the palette finds it by the incident's title.
      await a.keyboard.press('Control+k');
      await a.getByTestId('palette').locator('input').fill(title);
      await a.getByTestId('palette').locator('input').press('Enter');
      const desk = a.getByTestId('report-desk');
      await desk.waitFor();
      const obligation = (kind: string) => desk.locator(`[data-testid=report-obligation][data-kind=${kind}]`);
      expect(await obligation('initial_phone').getAttribute('data-state')).toBe('overdue');
      expect(await obligation('initial_written').getAttribute('data-state')).toBe('pending');
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

      // The written first report, sent within its hour, meets it; the phone one it meets late (迟报 on record).
      await expect
        .poll(() => obligation('initial_written').getAttribute('data-state'), { timeout: 10_000 })
        .toBe('met');
      expect(await obligation('initial_phone').getAttribute('data-state')).toBe('met_late');
      await expect.poll(() => phone.count(), { timeout: 5000 }).toBe(0);

      // The city's inbox lists it with its age; acknowledging it sends the receipt back down.
      const entry = b.getByTestId('inbox-row').filter({ hasText: title });
      await entry.waitFor({ timeout: 15_000 });
      await entry.getByTestId('inbox-acknowledge').click();
      await entry.waitFor({ state: 'detached', timeout: 5000 });
      // On receipt the city owes the relay upward (at most 2 hours a level).
      await b
        .getByTestId('clock-row')
        .filter({ hasText: title })
        .and(b.locator('[data-kind=relay]'))
        .waitFor({ timeout: 10_000 });

      await expect.poll(() => report.getAttribute('data-status'), { timeout: 10_000 }).toBe('received');
      expect(await report.getByTestId('report-received').textContent()).toMatch(/\d{1,2}:\d{2}/);
      expect(await obligation('initial_written').getAttribute('data-state')).toBe('met');

      // The .docx the desk exports, opened and read back.
      const [download] = await Promise.all([
        a.waitForEvent('download', { timeout: 15_000 }),
        report.getByTestId('report-docx').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const saved = join(work, 'first-report.docx');
      await download.saveAs(saved);
      const { value: text } = await mammoth.extractRawText({ buffer: readFileSync(saved) });
      expect(text).toContain('信息专报');
      expect(text).toContain('签发人：李主任');
      expect(text).toContain(`关于${title}的首报`);
      expect(text).toContain('万盛街道建设路12号');
      expect(text).toContain('受伤2人');
      expect(text).not.toContain('草稿');

      // Timeliness statistics for today at the district: the first reports, on time (written) and late (phone).
      await desk.getByRole('button', { name: '关闭', exact: true }).click();
      await desk.waitFor({ state: 'detached' });
      const stats = a.getByTestId('timeliness');
      await stats.locator('summary').click();
      await stats.getByTestId('timeliness-preset').selectOption('today');
      await stats.getByTestId('timeliness-show').click();
      const kindRow = (key: string) => stats.locator(`[data-testid=timeliness-by-kind] tr[data-key=${key}]`);
      await kindRow('initial_written').waitFor({ timeout: 15_000 });
      const cell = (row: ReturnType<typeof kindRow>, col: string) =>
        row.locator(`td[data-col=${col}]`).textContent();
      expect(await cell(kindRow('initial_written'), 'onTime')).toBe('1');
      expect(await cell(kindRow('initial_phone'), 'late')).toBe('1');
      const districtRow = stats.locator('[data-testid=timeliness-by-station] tr[data-key="500110"]');
      expect(await cell(districtRow, 'onTime')).toBe('1');
      expect(await cell(districtRow, 'late')).toBe('1');
      expect(await cell(districtRow, 'median')).toMatch(/^\d+:\d{2}/);
      const [sheet] = await Promise.all([
        a.waitForEvent('download', { timeout: 15_000 }),
        stats.getByTestId('timeliness-export').click(),
      ]);
      expect(sheet.suggestedFilename()).toMatch(/\.xlsx$/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await sheet.path());
      const written = workbook
        .getWorksheet('按报告类型')
        ?.getSheetValues()
        .find((row) => Array.isArray(row) && row[1] === '书面首报') as unknown[];
      expect(written.slice(1, 4)).toEqual(['书面首报', 1, 1]);
      await a.close();
      await b.close();
    },
  );
});
