import { expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { browserModeRig, describeBrowserSuite, linkStatus, registerIncident, SCENARIO_LIMIT } from './rig';
import { chinaParts } from '../../shared/time';
import { demoLeaderOnDuty } from './harness';

/**
 * Issue 7's roster must-show in Debian's Chromium against browser mode: a demo station (embedded hub, demo
 * staff and this month's roster) generates next month from the pane, publishes it, then breaks it — the
 * leader removed from one shift, a person booked twice on another — and sees both flagged on those shifts;
 * with an open incident and its first report still owed, the handover sheet lists both, and is kept.
 * Real launcher process, real SQLite, nothing stubbed.
 */
const pad = (n: number) => String(n).padStart(2, '0');

describeBrowserSuite('duty roster in browser mode, end to end', () => {
  const rig = browserModeRig('roster');

  it(
    'generates next month, flags a removed leader and a double booking, and hands over with an open incident and a pending report on the sheet',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const station = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        args: ['--operator', demoLeaderOnDuty(), '--operator-role', 'leader'],
      });
      const page = await rig.openConsole(station, { width: 1600, height: 1000 });

      // Who is on duty comes from the demo roster, not from the command line.
      const onDuty = page.locator('.on-duty-pane');
      await expect.poll(() => onDuty.textContent()).toMatch(/陈建国|刘明|周海|吴晓东/);

      // Open the roster pane from the command palette.
      await page.keyboard.press('Control+k');
      await page.getByTestId('palette').locator('input').fill('值班表');
      await page.getByTestId('palette').locator('input').press('Enter');
      const pane = page.getByTestId('roster-pane');
      await pane.waitFor();

      // Generate next month (the form proposes it) and publish it.
      // The form is folded away once a month exists (the demo's): open it.
      await pane.locator('details.roster-generate-box > summary').click();
      const p = chinaParts(Date.now());
      const next = p.month === 12 ? { y: p.year + 1, m: 1 } : { y: p.year, m: p.month + 1 };
      const month = `${next.y}-${pad(next.m)}`;
      expect(await pane.getByTestId('roster-gen-month').inputValue()).toBe(month);
      await pane.getByTestId('roster-generate').click();
      await pane.getByTestId('roster-publish').waitFor();
      await expect.poll(() => pane.getByTestId('roster-summary').textContent()).toMatch(/^0 个问题/);
      await pane.getByTestId('roster-publish').click();
      await pane.getByTestId('roster-publish').waitFor({ state: 'detached' });
      await expect
        .poll(() => pane.getByTestId('roster-month').locator('option:checked').textContent())
        .toBe(month);

      // Break it: no leader on the 5th, and the first officer of the 10th also in its second seat.
      const shift = (day: number) => `500110-${next.y}${pad(next.m)}${pad(day)}-1`;
      const grid = pane.getByTestId('roster-grid');
      await grid.locator(`select[data-seat="${shift(5)}#0"]`).selectOption('');
      const twice = await grid.locator(`select[data-seat="${shift(10)}#1"]`).inputValue();
      expect(twice).not.toBe('');
      await grid.locator(`select[data-seat="${shift(10)}#2"]`).selectOption(twice);
      const flagged = (day: number, code: string) =>
        grid.locator(`tr[data-shift="${shift(day)}"] [data-code="${code}"]`).count();
      await expect.poll(() => flagged(5, 'SHIFT_WITHOUT_LEADER')).toBe(1);
      await expect.poll(() => flagged(10, 'DOUBLE_BOOKED')).toBeGreaterThan(0);
      await expect
        .poll(() => grid.locator(`tr[data-shift="${shift(5)}"]`).getAttribute('class'))
        .toContain('bad');
      await expect.poll(() => pane.getByTestId('roster-summary').textContent()).not.toMatch(/^0 个问题/);
      // The edits are the station's, not the window's: a reload shows them still flagged.
      await page.reload();
      await expect.poll(() => linkStatus(page)).toBe('online');
      await page.getByTestId('roster-month').selectOption({ label: month });
      await expect.poll(() => flagged(5, 'SHIFT_WITHOUT_LEADER')).toBe(1);
      await expect.poll(() => flagged(10, 'DOUBLE_BOOKED')).toBeGreaterThan(0);

      // The staff directory from an .xlsx sheet: the new officer can then be put on a seat.
      const book = new ExcelJS.Workbook();
      const sheetOfStaff = book.addWorksheet('人员');
      sheetOfStaff.addRow(['工号', '姓名', '部门', '电话', '值班岗位']);
      sheetOfStaff.addRow(['p-e2e-1', '孙新来', '应急管理局', '13900000101', '值班员']);
      await pane
        .getByTestId('staff-import')
        .locator('input[type=file]')
        .setInputFiles({
          name: '人员名册.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: Buffer.from(await book.xlsx.writeBuffer()),
        });
      await expect.poll(() => pane.getByTestId('staff-imported').textContent()).toBe('已导入 1 人');
      await expect
        .poll(() => grid.locator(`select[data-seat="${shift(12)}#1"] option`, { hasText: '孙新来' }).count())
        .toBe(1);

      // Hand over with an open incident whose first report is still owed.
      const title = `工业园厂房火灾${Date.now().toString(36).slice(-5)}`;
      await registerIncident(page, { title, description: '厂房二层起火，浓烟较大。' });
      await page.getByTestId('roster-tab-handover').click();
      await page.getByTestId('roster-handover').locator('textarea').fill('注意工业园火场复燃');
      await page.getByTestId('handover-generate').click();
      const sheet = page.getByTestId('handover-sheet');
      await sheet.waitFor();
      await expect.poll(() => sheet.getByTestId('handover-incidents').textContent()).toContain(title);
      await expect.poll(() => sheet.getByTestId('handover-obligations').textContent()).toContain(title);
      await sheet.getByTestId('handover-record').click();
      await sheet.waitFor({ state: 'detached' });
      await expect
        .poll(() => page.getByTestId('handover-kept').textContent())
        .toMatch(/未结事件 [1-9]\d* 起，待报 [1-9]\d* 项/);
      // Its printable record carries the incident.
      await page.getByTestId('handover-kept').getByRole('button', { name: '打印' }).first().click();
      const print = page.getByTestId('roster-print');
      await print.waitFor();
      expect(await print.getAttribute('srcdoc')).toContain(title);
    },
  );
});
