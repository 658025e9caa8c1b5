import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserModeRig, describeBrowserSuite, registerIncident, SCENARIO_LIMIT } from './rig';

/**
 * Issue 7's duty log (值班日志) in Debian's Chromium against browser mode: three entries recorded from the
 * keyboard alone (Alt+L, digits for the kind, Tab, Enter), one linked to an incident; the search finds them
 * by a two-character word (scanned) and a longer one (the trigram index); a correction shows both versions;
 * the period exported as .xlsx is read back. Real launcher processes, a real hub, real SQLite.
 */
const suffix = Date.now().toString(36).slice(-5);

/**
 * One entry by keyboard: Alt+L to the line, a digit for the kind, Tab to the counterpart, the text and the
 * incident field (Home: none; End: the last incident listed), Enter records.
 */
async function recordByKeyboard(
  page: Page,
  entry: { kindKey: string; counterpart: string; text: string; incident: 'Home' | 'End' },
) {
  await page.keyboard.press('Alt+KeyL');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
    'dutylog-line-kind',
  );
  await page.keyboard.press(entry.kindKey);
  await page.keyboard.press('Tab');
  await page.keyboard.type(entry.counterpart);
  await page.keyboard.press('Tab');
  await page.keyboard.type(entry.text);
  await page.keyboard.press('Tab');
  await page.keyboard.press(entry.incident);
  // Every key landed where it was meant to before Enter (a focus pulled back mid-line once cost an entry).
  expect(await page.getByTestId('dutylog-line-counterpart').inputValue()).toBe(entry.counterpart);
  expect(await page.getByTestId('dutylog-line-text').inputValue()).toBe(entry.text);
  const count = page.getByTestId('dutylog-pane').locator('.dl-count');
  const before = Number((await count.textContent())?.match(/\d+/)?.[0] ?? 0);
  await page.keyboard.press('Enter');
  await expect.poll(() => count.textContent()).toBe(`共 ${before + 1} 条`);
  // The station's answer clears the line for the next call (the push may arrive before the answer).
  await expect.poll(() => page.getByTestId('dutylog-line-text').inputValue()).toBe('');
}

describeBrowserSuite('duty log in browser mode, end to end', () => {
  const rig = browserModeRig('dutylog');

  it(
    'three entries by keyboard, one linked to an incident; search finds them; a correction keeps both versions; the .xlsx reads back',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const station = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        hub,
        args: ['--name', '万盛经开区应急管理局', '--operator', '张值班'],
      });
      const page = await rig.openConsole(station, { width: 1400, height: 900, acceptDownloads: true });
      const title = `建设路厂房火灾${suffix}`;
      await registerIncident(page, { title, level: 'IV', description: '厂房二层起火。' });
      await page.getByTestId('incident-row').filter({ hasText: title }).waitFor();
      await page.getByTestId('dutylog-pane').waitFor();
      // With the duty log hidden, Alt+L brings it back with the entry line focused.
      await page.locator('#pane-dutyLog').getByRole('button', { name: '隐藏' }).click();
      await page.getByTestId('dutylog-pane').waitFor({ state: 'detached' });
      await page.keyboard.press('Alt+KeyL');
      await page.getByTestId('dutylog-pane').waitFor();
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('dutylog-line-kind');
      await page.keyboard.press('Escape');
      // It came back at the end of a column; the default layout gives it room again (Ctrl+K, 恢复默认布局).
      await page.keyboard.press('Control+k');
      await page.getByTestId('palette').locator('input').fill('恢复默认布局');
      await page.getByTestId('palette').locator('input').press('Enter');
      await page.getByTestId('palette').waitFor({ state: 'detached' });

      // 1: 接到来电 from the township, linked to the incident (the last one listed).
      await recordByKeyboard(page, {
        kindKey: '1',
        counterpart: '万盛街道 李主任',
        text: `接到来电：建设路厂房起火，两人受伤${suffix}`,
        incident: 'End',
      });
      // 2: 传达指示 to the street office, no incident.
      await recordByKeyboard(page, {
        kindKey: '4',
        counterpart: '万盛街道办事处',
        text: '传达区长指示：立即疏散周边群众',
        incident: 'Home',
      });
      // 3: 记事 without a counterpart (the field is left empty by typing nothing).
      await recordByKeyboard(page, { kindKey: '6', counterpart: '', text: '东林村防汛物资清点完毕', incident: 'Home' });

      const rows = page.getByTestId('dutylog-entry');
      const linked = rows.filter({ hasText: `两人受伤${suffix}` });
      expect(await linked.locator('.dl-incident').textContent()).toBe(title);
      expect(await rows.filter({ hasText: '疏散' }).locator('.dl-incident').count()).toBe(0);
      expect(await rows.filter({ hasText: '疏散' }).locator('.dl-kind').textContent()).toBe('传达指示');

      // A refused entry names its field and keeps what was typed: 传达指示 needs to whom.
      await page.keyboard.press('Alt+KeyL');
      await page.keyboard.press('4');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('通知各村注意防范');
      await page.keyboard.press('Enter');
      await page.getByTestId('dutylog-line-error-counterpart').waitFor();
      expect(await page.getByTestId('dutylog-line-text').inputValue()).toBe('通知各村注意防范');
      await page.keyboard.press('Escape');
      expect(await rows.count()).toBe(3);
      // The command palette reaches the line too (Ctrl+K, 记值班日志).
      await page.keyboard.press('Control+k');
      await page.getByTestId('palette').locator('input').fill('记值班日志');
      await page.getByTestId('palette').locator('input').press('Enter');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
        .toBe('dutylog-line-kind');
      await page.keyboard.press('Escape');

      // Search: a two-character word (scanned) and a longer one (trigram index).
      const search = page.getByTestId('dutylog-search');
      await search.fill('疏散');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().getByTestId('dutylog-entry-text').textContent()).toBe('传达区长指示：立即疏散周边群众');
      await search.fill(`两人受伤${suffix}`);
      await expect
        .poll(async () => (await rows.count()) === 1 && (await rows.first().locator('.dl-incident').textContent()))
        .toBe(title);
      await search.fill('');
      await expect.poll(() => rows.count()).toBe(3);

      // Correct entry 3: the text changes, the reason is on record, both versions show.
      await rows.filter({ hasText: '东林村' }).getByTestId('dutylog-correct').click();
      const correction = page.getByTestId('dutylog-correction');
      await correction.waitFor();
      await correction.getByTestId('dutylog-correction-text').fill('西林村防汛物资清点完毕');
      await correction.getByTestId('dutylog-correction-reason').fill('村名记错');
      await correction.getByTestId('dutylog-correction-reason').press('Enter');
      await correction.waitFor({ state: 'detached' });
      const corrected = rows.filter({ hasText: '西林村防汛物资清点完毕' });
      await corrected.locator('.dl-corrected').waitFor();
      await corrected.getByTestId('dutylog-versions').locator('summary').click();
      const versions = corrected.getByTestId('dutylog-version');
      expect(await versions.count()).toBe(2);
      expect(await versions.nth(0).locator('.dl-version-text').textContent()).toBe('东林村防汛物资清点完毕');
      expect(await versions.nth(1).locator('.dl-version-text').textContent()).toBe('西林村防汛物资清点完毕');
      expect(await versions.nth(1).textContent()).toContain('村名记错');
      // The old words still find the entry: the log is a record, not a draft.
      await search.fill('东林村');
      await expect.poll(() => rows.count()).toBe(1);
      await search.fill('');

      // Export the last 24 hours and read them back (not "today": a run that crosses midnight China time
      // would find its entries on the day before).
      await page.getByTestId('dutylog-export-period').selectOption('last24h');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('dutylog-export').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^值班日志_.*\.xlsx$/);
      const saved = join(rig.work, 'dutylog.xlsx');
      await download.saveAs(saved);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(saved) as unknown as ExcelJS.Buffer);
      const sheet = wb.getWorksheet('值班日志');
      expect(sheet).toBeDefined();
      if (!sheet) return;
      expect(sheet.getCell('A1').text).toContain('万盛经开区应急管理局 值班日志');
      const body = [3, 4, 5].map((n) => sheet.getRow(n).values as unknown[]);
      expect(body.map((r) => r[3])).toEqual(['接到来电', '传达指示', '记事']);
      expect(body.map((r) => r[4])).toEqual(['万盛街道 李主任', '万盛街道办事处', '']);
      expect(body[0]?.[6]).toBe(title);
      expect(body[2]?.[5]).toBe('西林村防汛物资清点完毕');
      expect(String(body[2]?.[9])).toContain('内容原为「东林村防汛物资清点完毕」');
      expect(String(body[2]?.[9])).toContain('村名记错');
      expect(body.every((r) => r[7] === '张值班')).toBe(true);
      expect(sheet.getRow(6).values).toEqual([]);
      await page.close();
    },
  );
});
