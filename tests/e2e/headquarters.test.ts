import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './harness';
import {
  browserModeRig,
  describeBrowserSuite,
  linkStatus,
  registerIncident,
  SCENARIO_LIMIT,
  testClock,
} from './rig';

/**
 * Issue 8's headquarters scenario in Debian's Chromium against browser mode: the leader on duty at the
 * district activates a level III flood response from the incident; the preview lists the commander,
 * groups, members and phones; on confirmation every member is sent an SMS through the gateway (a stub
 * on loopback, spoken to by the real HTTP adapter) and the board shows each notice; two members check
 * in; the station's clock is moved past the plan's 45-minute check-in limit (--test-clock, no real
 * waiting) and the third, still absent, is highlighted and alarms the duty room; the record shows
 * every step with its time. Real hub, real SQLite, nothing stubbed but the gateway's far end.
 */
describeBrowserSuite('headquarters activation in browser mode, end to end', () => {
  const rig = browserModeRig('hq');

  it(
    'a level III flood response: members notified by SMS, two check in, the third does not and the alarm fires after the 45-minute limit; the record shows every step with its time',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const [hub, gateway] = await Promise.all([rig.startHub(), rig.startGateway()]);
      // The station reads its gateway from the environment, as in production.
      const district = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        hub,
        args: ['--operator', '李主任', '--operator-role', 'leader', '--test-clock'],
        stdin: 'pipe',
        env: gateway.env,
      });
      const page = await rig.openConsole(district, { width: 1680, height: 1050 });
      const advance = testClock(district);

      const title = `綦江河洪水${Date.now().toString(36).slice(-5)}`;
      await registerIncident(page, {
        title,
        category: 'natural_disaster',
        subtype: 'flood',
        address: '南桐镇綦江河沿岸',
        lon: '106.95',
        lat: '28.93',
        description: '綦江河水位超警1.2米，沿岸低洼地带进水，群众被困。',
      });
      const openBoard = async () => {
        await page.getByTestId('incident-row').filter({ hasText: title }).click();
        await page.keyboard.press('Control+k');
        await page.getByTestId('palette').locator('input').fill('启动指挥部');
        await page.getByTestId('palette').locator('input').press('Enter');
        await page.getByTestId('hq-pane').waitFor();
      };
      await openBoard();
      const pane = page.getByTestId('hq-pane');

      // Preview: the plan's level III organisation with phones; the leader confirms.
      await pane.getByTestId('hq-level').selectOption('III');
      await pane.getByTestId('hq-preview').click();
      const lines = pane.getByTestId('hq-preview-line');
      await expect.poll(() => lines.count()).toBeGreaterThan(10);
      const memberCount = await lines.count();
      expect(await lines.first().textContent()).toContain('指挥长');
      expect(await lines.first().textContent()).toContain('张区长');
      expect(await lines.first().textContent()).toContain('13800000002');
      expect(await pane.getByTestId('hq-preview-list').textContent()).toContain('45 分钟');
      await pane.getByTestId('hq-confirm').click();

      // Every member is sent an SMS through the gateway, and the board shows each notice.
      const board = pane.getByTestId('hq-board');
      await board.waitFor();
      await expect.poll(() => gateway.sent.length).toBe(memberCount);
      expect(gateway.sent.every((m) => m.channel === 'sms')).toBe(true);
      expect(gateway.sent.find((m) => m.to === '13800000002')?.text).toContain(title);
      const member = (personId: string) => board.locator(`[data-testid=hq-member][data-person=${personId}]`);
      await expect.poll(() => member('ws-fire').getByTestId('hq-notice').textContent()).toContain('短信');

      // Two check in (the commander and the coordination group lead); the rescue lead does not.
      await advance(10 * 60_000);
      for (const personId of ['ws-head', 'ws-em']) {
        await member(personId).getByTestId('hq-checkin-button').click();
        await expect.poll(() => member(personId).getByTestId('hq-checkin').textContent()).toContain('到岗');
      }
      expect(await member('ws-fire').getAttribute('data-overdue')).toBe('false');

      // Past the 45-minute limit (counted from the notice): the third is overdue and alarms the duty room.
      await advance(36 * 60_000);
      // The station's ladder rang the overdue rung for each absent member; the board lists them to the coordinator.
      await expect
        .poll(async () =>
          (await board.getByTestId('hq-alarm').allTextContents()).some((x) => x.includes('钱大队长')),
        )
        .toBe(true);
      const alarmed = (await board.getByTestId('hq-alarm').allTextContents()).join('\n');
      expect(alarmed).not.toContain('张区长');
      expect(alarmed).not.toContain('王局长');
      expect(await page.locator('[data-testid=alarm][data-kind=obligation_overdue]').count()).toBeGreaterThan(
        0,
      );
      // The console's clock follows the station's from each snapshot: look again, then the board.
      await page.reload();
      await expect.poll(() => linkStatus(page)).toBe('online');
      await openBoard();
      await expect.poll(() => member('ws-fire').getAttribute('data-overdue')).toBe('true');
      expect(await member('ws-head').getAttribute('data-overdue')).toBe('false');
      expect(await member('ws-em').getAttribute('data-overdue')).toBe('false');
      expect(await member('ws-fire').textContent()).toContain('超时未到岗');

      // The record: every step with its time, in order.
      const record = board.getByTestId('hq-record');
      await expect.poll(() => record.locator('li[data-step=member_checked_in]').count()).toBe(2);
      const steps = await record.locator('li').evaluateAll((items) =>
        items.map((li) => ({
          step: li.getAttribute('data-step'),
          at: li.querySelector('time')?.textContent ?? '',
        })),
      );
      expect(steps[0]?.step).toBe('activated');
      expect(steps.filter((s) => s.step === 'member_notified')).toHaveLength(memberCount);
      for (const s of steps) expect(s.at).toMatch(/\d{2}:\d{2}:\d{2}$/);
      const seconds = (at: string) => {
        const [h, m, sec] = at.slice(-8).split(':').map(Number);
        return (h ?? 0) * 3600 + (m ?? 0) * 60 + (sec ?? 0);
      };
      const activatedAt = seconds(steps[0]?.at ?? '');
      for (const s of steps.filter((x) => x.step === 'member_checked_in'))
        expect((seconds(s.at) - activatedAt + 86_400) % 86_400).toBeGreaterThanOrEqual(10 * 60);

      // The on-site headquarters is placed on the map, then the response ends; both join the record.
      await board.getByLabel('经度').fill('106.951');
      await board.getByLabel('纬度').fill('28.932');
      await board.getByLabel('地址').first().fill('南桐镇政府院坝');
      await board.getByTestId('hq-place-site').click();
      await expect.poll(() => record.locator('li[data-step=site_placed]').count()).toBe(1);
      await board.getByLabel('原因').last().fill('洪峰已过，险情解除');
      await board.getByTestId('hq-terminate').click();
      await expect.poll(() => board.getAttribute('data-status')).toBe('terminated');
      await expect.poll(() => record.locator('li[data-step=response_terminated]').count()).toBe(1);
      // After termination the open check-ins are waived: no member is shown overdue any more.
      await expect.poll(() => member('ws-fire').getAttribute('data-overdue')).toBe('false');

      // The plan editor: a due time of 0 minutes is refused as typed, naming the field; a valid edit is saved as version 2.
      await pane.getByTestId('hq-open-editor').click();
      const editor = pane.getByTestId('hq-plan-editor');
      await editor.waitFor();
      await expect.poll(() => editor.getByTestId('hq-plan-select').inputValue()).not.toBe('');
      await editor.getByTestId('hq-plan-select').selectOption('flood-district');
      const firstDue = editor
        .locator('[data-testid=hq-editor-group][data-kind=coordination]')
        .getByTestId('hq-editor-due')
        .first();
      await firstDue.fill('0');
      await expect
        .poll(() => editor.getByTestId('hq-errors').textContent())
        .toContain('groups.0.tasks.0.dueMinutes');
      expect(await editor.getByTestId('hq-editor-save').isDisabled()).toBe(true);
      await firstDue.fill('10');
      await expect.poll(() => editor.getByTestId('hq-errors').count()).toBe(0);
      await editor.getByTestId('hq-editor-save').click();
      await expect.poll(() => editor.getByTestId('hq-editor-saved').textContent()).toContain('第 2 版');
      if (process.env.DUTYROOM_SCREENSHOTS)
        await pane.screenshot({ path: join(repoRoot, process.env.DUTYROOM_SCREENSHOTS, 'headquarters.png') });
      await page.close();
    },
  );
});
