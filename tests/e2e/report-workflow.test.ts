import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import mammoth from 'mammoth';
import ExcelJS from 'exceljs';
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

describeBrowserSuite('report workflow in browser mode, end to end', () => {
  const rig = browserModeRig('reports');

  it(
    "a 较大 incident: the phone countdown reads the profile, reminder, alarm and overdue to the leader ring in order; the first report is signed, sent, acknowledged above, and meets its obligation; the .docx reads back; the day's timeliness table and .xlsx count them",
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const [district, city] = await Promise.all([
        // The district's time is the test's to move (--test-clock, read from its standard input).
        rig.startStation({
          id: 'district-500110',
          jurisdiction: '500110',
          hub,
          args: ['--operator', '李主任', '--operator-role', 'leader', '--leader', '王强', '--test-clock'],
          stdin: 'pipe',
        }),
        rig.startStation({
          id: 'city-5001',
          jurisdiction: '5001',
          hub,
          args: ['--name', '市应急值班室', '--operator', '赵敏'],
        }),
      ]);
      expect(district.output()).toContain('TEST CLOCK');

      const [a, b] = await Promise.all([rig.openConsole(district), rig.openConsole(city)]);
      // Only the district station's clock moves; the city keeps real time.
      let offsetMs = 0;
      const stationNow = () => Date.now() + offsetMs;
      const advance = testClock(district);
      const advanceTo = async (target: number) => {
        const ms = Math.max(0, Math.round(target - stationNow()));
        await advance(ms);
        offsetMs += ms;
        // The console's countdowns follow the station's clock from each snapshot: look again.
        await a.reload();
        await expect.poll(() => linkStatus(a)).toBe('online');
      };

      // The console's clock moves on a one-second timer, which a busy page runs late: note by how much.
      await a.evaluate(() => {
        const w = window as unknown as { timersLateMs: number };
        w.timersLateMs = 0;
        let last = performance.now();
        setInterval(() => {
          const now = performance.now();
          w.timersLateMs = Math.max(w.timersLateMs, now - last - 1000);
          last = now;
        }, 1000);
      });
      const title = uniqueTitle('工业园厂房火灾');
      const registering = stationNow();
      await registerIncident(a, { title, injured: '2' });
      const timersLateMs = await a.evaluate(
        () => (window as unknown as { timersLateMs: number }).timersLateMs,
      );

      // The phone first report counts down from the profile's limit for a 较大 (III) accident.
      const phoneMinutes = profile.categories.accident.levels.III.initialPhone.minutes;
      const phone = a
        .getByTestId('clock-row')
        .filter({ hasText: title })
        .and(a.locator('[data-kind=initial_phone]'));
      await phone.waitFor();
      // Received-at defaults to now, to the minute; the phone report is due the profile's minutes later.
      const phoneDue = Date.parse((await phone.locator('time').getAttribute('datetime'))!);
      const receivedAt = phoneDue - phoneMinutes * 60_000;
      expect(receivedAt % 60_000).toBe(0);
      // The form's "now" is the console's clock as of its last one-second tick: allow for that tick, and for how
      // late the page ran its timers meanwhile (seconds, on a loaded machine).
      expect(receivedAt).toBeGreaterThanOrEqual(
        Math.floor((registering - 2_000 - timersLateMs) / 60_000) * 60_000,
      );
      expect(receivedAt).toBeLessThanOrEqual(stationNow());
      // Counting down from the profile's limit: since the received-at minute began, less than a minute passed
      // before the form was saved, and the row is read a few seconds later (more under CI load).
      expect(await phone.locator('.clock-remaining').textContent()).toMatch(
        new RegExp(`剩余 (${phoneMinutes - 2}:[0-5]\\d|${phoneMinutes - 1}:[0-5]\\d|${phoneMinutes}:00)$`),
      );
      expect(await phone.getAttribute('data-urgency')).toBe('calm');

      const ladderAlarms = a.getByTestId('alarm').filter({ hasText: title });
      expect(await ladderAlarms.count()).toBe(0);
      /** The one alarm on the bar for this incident: its kind, severity and text; then the officer acknowledges it. */
      const ringsOnce = async (kind: string, severity: string) => {
        await expect.poll(() => ladderAlarms.count()).toBe(1);
        const alarm = ladderAlarms.first();
        expect(await alarm.getAttribute('data-kind')).toBe(kind);
        expect(await alarm.getAttribute('data-severity')).toBe(severity);
        const text = (await alarm.textContent()) ?? '';
        await alarm.getByRole('button').click();
        await expect.poll(() => ladderAlarms.count()).toBe(0);
        return text;
      };

      // T−10 min: the reminder, and nothing else.
      await advanceTo(phoneDue - 10 * 60_000 + 2000);
      expect(await ringsOnce('obligation_due_soon', 'warning')).toContain('电话首报');
      await expect.poll(() => phone.getAttribute('data-urgency')).toBe('warning');
      // T−2 min: the alarm with sound.
      await advanceTo(phoneDue - 2 * 60_000 + 2000);
      expect(await ringsOnce('obligation_due_soon', 'urgent')).toContain('电话首报');
      await expect.poll(() => phone.getAttribute('data-urgency')).toBe('urgent');
      // T: overdue, and it went to the leader on duty as well.
      await advanceTo(phoneDue + 2000);
      const overdue = await ringsOnce('obligation_overdue', 'urgent');
      expect(overdue).toContain('电话首报');
      expect(overdue).toContain('带班领导：王强');
      await expect.poll(() => phone.getAttribute('data-urgency')).toBe('overdue');

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
      await expect.poll(() => report.getAttribute('data-status')).toBe('awaiting_approval');
      await report.getByTestId('report-approve').click();
      await confirmSigning(a);
      await expect.poll(() => report.getAttribute('data-status')).toBe('approved');
      await report.getByTestId('report-send').click();
      await expect.poll(() => report.getAttribute('data-status')).toBe('sent');

      // The written first report, sent within its hour, meets it; the phone one it meets late (迟报 on record).
      await expect.poll(() => obligation('initial_written').getAttribute('data-state')).toBe('met');
      expect(await obligation('initial_phone').getAttribute('data-state')).toBe('met_late');
      await expect.poll(() => phone.count()).toBe(0);

      // The city's inbox lists it with its age; acknowledging it sends the receipt back down.
      const entry = b.getByTestId('inbox-row').filter({ hasText: title });
      await entry.waitFor();
      await entry.getByTestId('inbox-acknowledge').click();
      await entry.waitFor({ state: 'detached' });
      // On receipt the city owes the relay upward (at most 2 hours a level).
      await b
        .getByTestId('clock-row')
        .filter({ hasText: title })
        .and(b.locator('[data-kind=relay]'))
        .waitFor();

      await expect.poll(() => report.getAttribute('data-status')).toBe('received');
      expect(await report.getByTestId('report-received').textContent()).toMatch(/\d{1,2}:\d{2}/);
      expect(await obligation('initial_written').getAttribute('data-state')).toBe('met');

      // The .docx the desk exports, opened and read back.
      const [download] = await Promise.all([
        a.waitForEvent('download'),
        report.getByTestId('report-docx').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.docx$/);
      const saved = join(rig.work, 'first-report.docx');
      await download.saveAs(saved);
      const { value: text } = await mammoth.extractRawText({ buffer: readFileSync(saved) });
      expect(text).toContain('信息专报');
      expect(text).toContain('签发人：李主任');
      expect(text).toContain(`关于${title}的首报`);
      expect(text).toContain('万盛街道建设路12号');
      expect(text).toContain('受伤2人');
      expect(text).not.toContain('草稿');

      // Timeliness statistics at the district: the first reports, on time (written) and late (phone). They count
      // the obligations DUE in the period, so the period runs from a week back to two days ahead of the district's
      // clock: near midnight China time (the district's clock half an hour ahead by now) the written report falls
      // due on the next day, outside "today" or "the last seven days" (a run at 23:49 China time found it so).
      await desk.getByRole('button', { name: '关闭', exact: true }).click();
      await desk.waitFor({ state: 'detached' });
      const stats = a.getByTestId('timeliness');
      await stats.locator('summary').click();
      await stats.getByTestId('timeliness-preset').selectOption('custom');
      const chinaDay = (ms: number) =>
        new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(ms);
      await stats.getByTestId('timeliness-from').fill(chinaDay(stationNow() - 7 * 86_400_000));
      await stats.getByTestId('timeliness-to').fill(chinaDay(stationNow() + 2 * 86_400_000));
      await stats.getByTestId('timeliness-show').click();
      const kindRow = (key: string) => stats.locator(`[data-testid=timeliness-by-kind] tr[data-key=${key}]`);
      await kindRow('initial_written').waitFor();
      const cell = (row: ReturnType<typeof kindRow>, col: string) =>
        row.locator(`td[data-col=${col}]`).textContent();
      expect(await cell(kindRow('initial_written'), 'onTime')).toBe('1');
      expect(await cell(kindRow('initial_phone'), 'late')).toBe('1');
      const districtRow = stats.locator('[data-testid=timeliness-by-station] tr[data-key="500110"]');
      expect(await cell(districtRow, 'onTime')).toBe('1');
      expect(await cell(districtRow, 'late')).toBe('1');
      expect(await cell(districtRow, 'median')).toMatch(/^\d+:\d{2}/);
      const [sheet] = await Promise.all([
        a.waitForEvent('download'),
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
