import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { confirmSigning, repoRoot } from './harness';
import {
  browserModeRig,
  describeBrowserSuite,
  linkStatus,
  registerIncident,
  SCENARIO_LIMIT,
  testClock,
} from './rig';

/**
 * Issue 16's incident life at the console, in Debian's Chromium against browser mode (real hub, station,
 * SQLite): a landslide is registered and its written first report sent; the casualties are updated from the
 * incident panel (what changes shown first) and a 续报 clock appears; 转入处置; 处置结束 with a note starts the
 * 终报 and the daily follow-ups stop, also a day later on the station's test clock; 重新打开 with a reason.
 * A team dispatched to it has 到场 and 返回 recorded at the console from a phone call, and the board says who
 * recorded it, when and from where. Everything is found by role and visible label where it has one.
 */
const ledgers = join(repoRoot, 'resources/ledgers');
const screens = process.env.DUTYROOM_SCREENSHOTS ? join(repoRoot, 'docs/screens') : undefined;
const DAY = 24 * 60 * 60_000;

/** The page as it will be drawn: fonts loaded and two frames painted (before a screenshot). */
const painted = (page: Page) =>
  page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });

async function palette(page: Page, text: string) {
  await page.keyboard.press('Control+k');
  const box = page.getByTestId('palette');
  await box.getByRole('textbox').fill(text);
  await box.getByRole('option').first().waitFor();
  await box.getByRole('textbox').press('Enter');
}

describeBrowserSuite('incident life at the console, end to end', () => {
  const rig = browserModeRig('incident-life');

  it(
    'update the casualties (a 续报 clock appears), 处置中, close (终报, daily slots stop), reopen; a team’s 到场 and 返回 recorded',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const district = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        hub,
        // The leader on duty at the console: signs the first report, may waive.
        args: ['--operator', '李主任', '--operator-role', 'leader', '--leader', '李主任', '--test-clock'],
        stdin: 'pipe',
      });
      const page = await rig.openConsole(district, { width: 1600, height: 1000 });
      const title = `板辽村山体滑坡${Date.now().toString(36).slice(-4)}`;

      // 1. Teams from the sample ledger, so that one can be sent.
      await palette(page, '台账');
      await page.getByTestId('ledger-file').setInputFiles(join(ledgers, 'teams.xlsx'));
      await page.getByTestId('ledger-check').click();
      await page.getByTestId('ledger-report').waitFor();
      await page.getByTestId('ledger-confirm').click();
      await page.getByTestId('ledger-result').waitFor();
      await page.keyboard.press('Escape');

      // 2. The call: a 较大 landslide with two injured; its written first report signed and sent.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await registerIncident(page, {
        title,
        category: 'natural_disaster',
        subtype: 'landslide',
        level: 'III',
        address: '青年镇板辽村三组',
        lon: '106.962',
        lat: '28.931',
        injured: '2',
        description: '山体滑坡掩埋民房一间，两人受伤。',
      });
      await palette(page, `起草/签发报告：${title}`);
      const desk = page.getByTestId('report-desk');
      await desk.waitFor();
      await desk.getByTestId('draft-initial').click();
      await desk.getByTestId('report-save-submit').click();
      const report = desk.getByTestId('report-row');
      await expect.poll(() => report.getAttribute('data-status')).toBe('awaiting_approval');
      await report.getByTestId('report-approve').click();
      await confirmSigning(page);
      await expect.poll(() => report.getAttribute('data-status')).toBe('approved');
      await report.getByTestId('report-send').click();
      await expect.poll(() => report.getAttribute('data-status')).toBe('sent');
      await desk.getByRole('button', { name: '关闭', exact: true }).click();

      // 3. The incident panel by keyboard: select the incident, I.
      await page.getByTestId('incident-row').filter({ hasText: title }).click();
      await page.keyboard.press('i');
      const panel = page.getByRole('dialog', { name: `事件详情：${title}` });
      await panel.waitFor();
      const obligation = (label: string | RegExp) =>
        panel.getByTestId('incident-obligation').filter({ hasText: label });
      const pendingDaily = panel.locator(
        '[data-testid=incident-obligation][data-state=pending][data-key^="follow_up.daily."]',
      );
      await expect.poll(() => obligation('书面首报').getAttribute('data-state')).toBe('met');
      expect(await pendingDaily.count()).toBe(1);
      expect(await obligation('续报（情况变化）').count()).toBe(0);

      // 4. 更新情况: five injured, one trapped; the changes show before saving; a 续报 clock appears.
      await page.keyboard.press('u');
      const update = panel.getByRole('form', { name: '更新情况' });
      await update.getByLabel('受伤', { exact: true }).fill('5');
      await update.getByLabel('被困', { exact: true }).fill('1');
      await update.getByText('受伤：2 → 5').waitFor();
      await update.getByText('被困：0 → 1').waitFor();
      if (screens) {
        mkdirSync(screens, { recursive: true });
        await painted(page);
        await page.screenshot({ path: join(screens, 'incident-panel.zh-CN.png') });
      }
      await update.getByRole('button', { name: '保存更新' }).click();
      await update.waitFor({ state: 'detached' });
      await expect.poll(() => panel.getByTestId('incident-casualties').textContent()).toBe('受伤 5 · 被困 1');
      await expect.poll(() => obligation('续报（情况变化）').getAttribute('data-state')).toBe('pending');
      // …and on the board's report clocks at once.
      const clocks = page.getByTestId('clock-row').filter({ hasText: title });
      await clocks.and(page.locator('[data-kind=follow_up]')).first().waitFor();

      // 5. 转入处置.
      await panel.getByRole('button', { name: /转入处置/ }).click();
      await expect.poll(() => panel.getByTestId('incident-status').textContent()).toBe('处置中');

      // 6. A team sent to it; 到场 and 返回 recorded at the console from a phone call.
      await panel.getByRole('button', { name: /关闭/ }).first().click();
      await panel.waitFor({ state: 'detached' });
      await page.keyboard.press('d');
      const dispatchPanel = page.getByTestId('dispatch-panel');
      const candidate = dispatchPanel.getByTestId('dispatch-candidate').first();
      await candidate.waitFor();
      const teamId = (await candidate.getAttribute('data-team-id'))!;
      await candidate.getByTestId('dispatch-send').click();
      const teamRow = page.locator(`.teams li[data-team-id="${teamId}"]`);
      await teamRow.getByTestId('team-order').waitFor();
      const teamName = (await teamRow.locator('strong').textContent())!;
      await page.keyboard.press('Escape');
      const recordStatus = async (status: string) => {
        await page.getByRole('button', { name: `记录队伍状态：${teamName}` }).click();
        const dialog = page.getByRole('dialog', { name: `记录队伍状态：${teamName}` });
        await dialog.getByRole('radio', { name: '电话' }).check();
        await dialog.getByRole('button', { name: new RegExp(`^${status}`) }).click();
        await dialog.waitFor({ state: 'detached' });
      };
      await recordStatus('到场');
      await expect.poll(() => teamRow.getAttribute('data-status')).toBe('on_scene');
      await expect
        .poll(() => teamRow.getByTestId('team-order').textContent())
        .toMatch(/已到场 由 李主任 于 \d{2}:\d{2} 记录（电话）/);
      await recordStatus('返回');
      await expect.poll(() => teamRow.getAttribute('data-status')).toBe('returning');
      expect(await teamRow.getByTestId('record-line').first().textContent()).toMatch(
        /^由 李主任 于 \d{2}:\d{2} 记录（电话）$/,
      );

      // 7. 处置结束 with a closing note: the 终报 clock appears, the daily follow-ups stop.
      await page.getByTestId('incident-row').filter({ hasText: title }).click();
      await page.keyboard.press('i');
      await panel.waitFor();
      await page.keyboard.press('c');
      const closing = panel.getByRole('form', { name: '处置结束' });
      await closing.getByLabel('结束说明（必填）').fill('被埋人员全部救出，现场已设警戒，转入善后。');
      await closing.getByRole('button', { name: '确认处置结束' }).click();
      await expect.poll(() => panel.getByTestId('incident-status').textContent()).toBe('处置结束');
      await expect.poll(() => obligation('终报').getAttribute('data-state')).toBe('pending');
      await expect.poll(() => pendingDaily.count()).toBe(0);
      await clocks.and(page.locator('[data-kind=final]')).waitFor();

      // A day later on the station's clock: still no daily follow-up owed, the 终报 now overdue.
      await testClock(district)(DAY + 60_000);
      await page.reload();
      await expect.poll(() => linkStatus(page)).toBe('online');
      await palette(page, `事件详情与处置：${title}`);
      await panel.waitFor();
      await expect.poll(() => obligation('终报').getAttribute('data-state')).toBe('overdue');
      expect(
        await panel
          .locator(
            '[data-testid=incident-obligation][data-key^="follow_up.daily."]:not([data-state=met]):not([data-state=waived])',
          )
          .count(),
      ).toBe(0);

      // 8. 重新打开 with a reason: back to 处置中, the unmet 终报 dropped, the daily follow-ups again.
      await page.keyboard.press('o');
      const reopening = panel.getByRole('form', { name: '重新打开' });
      await reopening.getByLabel('重新打开原因（必填）').fill('群众反映仍有一人失联');
      await reopening.getByRole('button', { name: '确认重新打开' }).click();
      await expect.poll(() => panel.getByTestId('incident-status').textContent()).toBe('处置中');
      await expect.poll(() => obligation('终报').count()).toBe(0);
      await expect.poll(() => pendingDaily.count()).toBe(1);

      // The panel in English, for the record.
      if (screens) {
        await panel.getByRole('button', { name: /关闭/ }).first().click();
        await page.keyboard.press('l');
        await page.getByRole('button', { name: /Register incident/ }).waitFor();
        await palette(page, `Incident details and actions: ${title}`);
        const english = page.getByRole('dialog', { name: `Incident: ${title}` });
        await english.waitFor();
        await page.keyboard.press('u');
        await english
          .getByRole('form', { name: 'Update facts' })
          .getByLabel('Missing', { exact: true })
          .fill('1');
        await english.getByText('Missing: 0 → 1').waitFor();
        await painted(page);
        await page.screenshot({ path: join(screens, 'incident-panel.en.png') });
      }
      await page.close();
    },
  );
});
