import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import mammoth from 'mammoth';
import { browserModeRig, describeBrowserSuite, registerIncident, SCENARIO_LIMIT } from './rig';
import { openReportDesk, recordManualReceipt, sendToExternalByPhone, signFirstReport } from './steps';

/**
 * Issue 19, upper levels outside Duty Room, in Debian's Chromium against browser mode, by visible labels:
 * the district's directory (a site file, DUTYROOM_EXTERNAL_UNITS) names the municipality's office, which
 * runs no Duty Room. The first report is signed, sent to it by phone, and stays owed until the officer
 * records the receipt by hand (人工回执); then the written first report's clock is met. The exported
 * .docx carries the 签发 line and where it went. A real launcher, a real hub, real SQLite.
 */
describeBrowserSuite('a report to an upper level outside Duty Room, end to end', () => {
  const rig = browserModeRig('external');

  it(
    'sent by phone to the external office, the receipt recorded by hand closes the written first report’s clock',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const units = join(rig.work, 'external-units.json');
      writeFileSync(
        units,
        JSON.stringify({
          appliesTo: ['500110'],
          units: [
            {
              id: 'cq-office',
              name: '重庆市应急管理局值班室',
              level: 'province',
              jurisdiction: '50',
              contacts: [{ kind: 'phone', value: '023-00000001', label: '值班电话' }],
            },
          ],
        }),
      );
      const hub = await rig.startHub();
      const district = await rig.startStation({
        id: 'ext-500110',
        jurisdiction: '500110',
        hub,
        args: ['--name', '万盛应急值班室', '--operator', '李主任', '--operator-role', 'leader', '--leader', '王强'],
        env: { DUTYROOM_EXTERNAL_UNITS: units },
      });
      const a = await rig.openConsole(district);
      const title = `关坝镇山洪${Date.now().toString(36).slice(-5)}`;
      await registerIncident(a, { title, injured: '2' });

      const desk = await openReportDesk(a, title);
      const obligation = (kind: string) => desk.locator(`[data-testid=report-obligation][data-kind=${kind}]`);
      const row = await signFirstReport(a, desk);

      // 报送上级: whom (the Duty Room station above, or the office outside it) and how.
      await sendToExternalByPhone(desk, row, '重庆市应急管理局值班室（省级，未接入值守台）', {
        contact: '电话：023-00000001（值班电话）',
      });
      await row.getByText(/报送重庆市应急管理局值班室（电话）/).waitFor();
      // Sent, but nobody above has said they have it: the written first report is still owed.
      expect(await obligation('initial_written').getAttribute('data-state')).toBe('pending');

      // 记录人工回执: who received it, when (now, as the form offers), and a note.
      await recordManualReceipt(desk, row, { unit: '重庆市应急管理局值班室', receiver: '赵敏', note: '电话确认已收到' });
      await row.getByText(/人工回执：赵敏/).waitFor();
      await expect.poll(() => obligation('initial_written').getAttribute('data-state')).toBe('met');

      // The trail says it was recorded by hand, and by whom.
      await row.getByRole('button', { name: '版本记录' }).click();
      await desk.getByText(/人工回执 · 接收人 赵敏 · 记录人 李主任/).waitFor();

      // The form for upload or fax: the 签发 line and where it went.
      const [download] = await Promise.all([a.waitForEvent('download'), row.getByRole('button', { name: '导出 .docx' }).click()]);
      const saved = join(rig.work, 'external-first-report.docx');
      await download.saveAs(saved);
      const { value: text } = await mammoth.extractRawText({ buffer: readFileSync(saved) });
      expect(text).toMatch(/签发：李主任\u3000\d{4}年\d{1,2}月\d{1,2}日\d{1,2}时\d{2}分\u3000本人PIN核验/);
      expect(text).toContain('报送：重庆市应急管理局值班室（电话）');
    },
  );

  it(
    'a township outside the demo (映秀镇) offers the shipped example’s county, prefecture and province, and closes its clock by a 人工回执',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const township = await rig.startStation({
        id: 'ext-513221102',
        jurisdiction: '513221102',
        hub,
        args: ['--name', '映秀镇应急值守', '--operator', '李主任', '--operator-role', 'leader', '--leader', '王强'],
      });
      const a = await rig.openConsole(township);
      const title = `映秀镇山洪${Date.now().toString(36).slice(-5)}`;
      await registerIncident(a, { title, address: '映秀镇中滩堡村', lon: '103.489', lat: '31.062' });
      const desk = await openReportDesk(a, title);
      const row = await signFirstReport(a, desk);
      await sendToExternalByPhone(desk, row, '汶川县应急管理局值班室（县级，未接入值守台）', {
        addressees: [
          '上级值守台（513221）',
          '汶川县应急管理局值班室（县级，未接入值守台）',
          '阿坝州应急管理局值班室（市级，未接入值守台）',
          '四川省应急管理厅（省级，未接入值守台）',
        ],
      });
      const written = desk.locator('[data-testid=report-obligation][data-kind=initial_written]');
      expect(await written.getAttribute('data-state')).toBe('pending');
      await recordManualReceipt(desk, row, { unit: '汶川县应急管理局值班室', receiver: '杨华' });
      await expect.poll(() => written.getAttribute('data-state')).toBe('met');
    },
  );
});
