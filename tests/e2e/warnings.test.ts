import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from './harness';
import { browserModeRig, describeBrowserSuite, SCENARIO_LIMIT, testClock } from './rig';

/**
 * Issue 8's warning scenario in Debian's Chromium against browser mode: the district issues a red
 * rainstorm warning to its five townships; the SMS gateway (a stub on loopback, spoken to by the real
 * HTTP adapter) receives the five messages; three townships answer by phone and the officer records it;
 * the station's clock is moved past the 10-minute limit (--test-clock, no real waiting): the two silent
 * ones get a voice reminder, the duty room is alarmed, and 5 minutes later their township heads are
 * called; the board and the record show every step with its time. Real hub, real SQLite, nothing stubbed
 * but the SMS gateway's far end.
 */
describeBrowserSuite('warning call-and-response in browser mode, end to end', () => {
  const rig = browserModeRig('warnings');

  it(
    'a warning to five townships: three answer, two do not within 10 minutes and are re-notified, then their superiors are called; the record shows every step with its time',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const [hub, gateway] = await Promise.all([rig.startHub(), rig.startGateway()]);
      // The station reads its gateway from the environment, as in production.
      const district = await rig.startStation({
        id: 'district-500110',
        jurisdiction: '500110',
        hub,
        args: ['--operator', '陈值班', '--test-clock'],
        stdin: 'pipe',
        env: gateway.env,
      });
      const page = await rig.openConsole(district, { width: 1680, height: 1050 });
      let offsetMs = 0;
      const clock = testClock(district);
      const advance = async (ms: number) => {
        await clock(ms);
        offsetMs += ms;
      };

      // Issue: red rainstorm, the five townships, recipients previewed by the station.
      const pane = page.getByTestId('warnings-pane');
      await pane.getByTestId('warning-new').click();
      const form = pane.getByTestId('warning-form');
      await form.locator('input[name=hazard]').fill('暴雨');
      await form.locator('input[name=colour][value=red]').check();
      const areas = form.getByTestId('warning-areas').locator('input[name=area]');
      await expect.poll(() => areas.count()).toBe(5);
      for (let i = 0; i < 5; i++) await areas.nth(i).check();
      await form
        .locator('textarea[name=text]')
        .fill('预计未来3小时我区将出现100毫米以上强降雨，请立即启动防汛应急响应，落实危险区人员转移。');
      await expect.poll(() => form.getByTestId('warning-preview-recipient').count()).toBe(5);
      const issuedAtMs = Date.now() + offsetMs;
      await form.getByTestId('warning-submit').click();

      const board = pane.getByTestId('warning-board');
      await board.waitFor();
      const row = (id: string) => board.locator(`[data-testid=warning-recipient][data-recipient-id=${id}]`);
      const townships = ['ws-001-duty', 'ws-101-duty', 'ws-102-duty', 'ws-103-duty', 'ws-104-duty'];
      await expect.poll(() => board.getByTestId('warning-recipient').count()).toBe(5);

      // The gateway received the warning by SMS for each township duty room, and the board shows it delivered.
      await expect
        .poll(() =>
          gateway.sent
            .filter((m) => m.channel === 'sms')
            .map((m) => m.to)
            .sort(),
        )
        .toEqual(['023-48280110', '023-48280210', '023-48280310', '023-48280410', '023-48280510']);
      expect(gateway.sent[0]?.text).toContain('红色暴雨预警');
      for (const id of townships)
        await expect.poll(() => row(id).getAttribute('data-stage')).toBe('delivered');
      expect(await row('ws-103-duty').getByTestId('warning-countdown').textContent()).toMatch(
        /^剩余 (09|10):\d\d$/,
      );

      // Three call back within the limit: the officer records each answer taken by phone.
      await advance(3 * 60_000);
      for (const id of townships.slice(0, 3)) {
        await row(id).getByTestId('warning-ack-phone').click();
        await expect.poll(() => row(id).getAttribute('data-stage')).toBe('acknowledged');
      }
      // One of them reports what was done.
      await row('ws-101-duty').locator('input[name=action]').fill('已转移南桐村危险区群众12户35人');
      await row('ws-101-duty').locator('input[name=evacuated]').fill('35');
      await row('ws-101-duty').getByTestId('warning-report-action').click();
      await expect.poll(() => row('ws-101-duty').getAttribute('data-stage')).toBe('action_reported');

      // Past the 10-minute limit: the two silent townships get a voice reminder and the duty room an alarm.
      await advance(7 * 60_000 + 5_000);
      await expect
        .poll(() =>
          gateway.sent
            .filter((m) => m.channel === 'voice')
            .map((m) => m.to)
            .sort(),
        )
        .toEqual(['023-48280410', '023-48280510']);
      const alarms = page.getByTestId('alarm').and(page.locator('[data-kind=warning_unanswered]'));
      await expect.poll(() => alarms.count()).toBeGreaterThanOrEqual(2);
      expect(await alarms.first().textContent()).toContain('预警未叫应');
      for (const id of ['ws-103-duty', 'ws-104-duty'])
        await expect.poll(() => row(id).locator('[data-cell=renotified] time').count()).toBe(1);
      expect(await row('ws-001-duty').locator('[data-cell=renotified] time').count()).toBe(0);
      // The board counts on the station's time: past the limit, the silent ones count up in red.
      await expect
        .poll(() => row('ws-103-duty').getByTestId('warning-countdown').textContent())
        .toMatch(/^超时 00:\d\d$/);

      // Five minutes after the reminder, still silent: their superiors (the township heads) are called.
      await advance(5 * 60_000 + 5_000);
      await expect
        .poll(() =>
          gateway.sent
            .filter((m) => m.channel === 'voice')
            .map((m) => m.to)
            .sort(),
        )
        .toEqual(['023-48280410', '023-48280510', '13908230104', '13908230105']);
      expect(gateway.sent.find((m) => m.to === '13908230104')?.text).toContain('关坝镇应急值班室');
      for (const [id, head] of [
        ['ws-103-duty', '陈志勇'],
        ['ws-104-duty', '刘德明'],
      ] as const) {
        await expect.poll(() => row(id).locator('[data-cell=escalated]').textContent()).toContain(head);
      }

      // The record: every step with its time (China time, to the second), in order.
      const record = board.getByTestId('warning-record');
      await expect.poll(() => record.locator('li[data-step=escalated]').count()).toBe(2);
      const steps = await record.locator('li').evaluateAll((items) =>
        items.map((li) => ({
          step: li.getAttribute('data-step'),
          who: li.getAttribute('data-recipient'),
          at: li.querySelector('time')?.textContent ?? '',
        })),
      );
      const of = (who: string) => steps.filter((s) => s.who === who).map((s) => s.step);
      expect(steps[0]?.step).toBe('issued');
      expect(of('ws-103-duty')).toEqual(['delivered', 'renotified', 'escalated']);
      expect(of('ws-104-duty')).toEqual(['delivered', 'renotified', 'escalated']);
      expect(of('ws-101-duty')).toEqual(['delivered', 'acknowledged', 'action_reported']);
      expect(of('ws-001-duty')).toEqual(['delivered', 'acknowledged']);
      for (const s of steps) expect(s.at).toMatch(/\d{2}:\d{2}:\d{2}$/);
      // Times follow the station's clock: the escalation is 15 minutes or more after the issue.
      const seconds = (at: string) => {
        const [h, m, sec] = at.slice(-8).split(':').map(Number);
        return (h ?? 0) * 3600 + (m ?? 0) * 60 + (sec ?? 0);
      };
      const issuedAt = seconds(steps[0]?.at ?? '');
      const sinceIssue = (at: string) => (seconds(at) - issuedAt + 86_400) % 86_400;
      expect(
        Math.abs(issuedAt - seconds(new Date(issuedAtMs + 8 * 3600_000).toISOString().slice(11, 19))),
      ).toBeLessThan(60);
      for (const s of steps.filter((x) => x.step === 'escalated'))
        expect(sinceIssue(s.at)).toBeGreaterThanOrEqual(15 * 60);
      for (const s of steps.filter((x) => x.step === 'renotified'))
        expect(sinceIssue(s.at)).toBeGreaterThanOrEqual(10 * 60);
      // `DUTYROOM_SCREENSHOTS=folder` keeps a picture of the console with the warning's board open.
      if (process.env.DUTYROOM_SCREENSHOTS)
        await page.screenshot({ path: join(repoRoot, process.env.DUTYROOM_SCREENSHOTS, 'warnings.png') });
      await page.close();
    },
  );
});
