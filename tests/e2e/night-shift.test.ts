import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, confirmSigning, demoLeaderOnDuty, repoRoot, signIn } from './harness';
import { districtAndCityOnOneHub, openReportDesk, registerFloodInLiangfeng } from './steps';
import {
  browserModeRig,
  describeBrowserSuite,
  linkStatus,
  registerIncident,
  SCENARIO_LIMIT,
  SHOWS_WITHIN,
} from './rig';

/**
 * Issue 15, "the night shift, by hand": each finding of the 3 a.m. walk-through as a step a duty officer takes,
 * found by role and visible label. The district runs with its embedded hub and the live demo feed (new incidents
 * every few minutes, teams on the move), as a duty room would. Screenshots of the report editor, the handover
 * sheet and the dispatch panel in both languages go to docs/screens/.
 */
const screens = join(repoRoot, 'docs', 'screens');
const shot = (page: Page, name: string) => page.screenshot({ path: join(screens, `${name}.png`) });
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const focusedRole = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('role') ?? '');
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.closest('label')?.querySelector('span')?.textContent ?? '';
  });

describeBrowserSuite('the night shift, by hand (issue 15)', () => {
  const rig = browserModeRig('night-shift');

  it(
    'dispatch goes only to the chosen incident; the worst incident leads the list; the report desk is a dialog worked by keyboard',
    { timeout: SCENARIO_LIMIT },
    async () => {
      mkdirSync(screens, { recursive: true });
      const district = await rig.startStation({
        id: 'night-500110',
        jurisdiction: '500110',
        args: ['--name', '万盛应急值班室', '--operator', 'ws-duty-o1', '--seed', '15'],
      });
      const page = await rig.openConsole(district);

      // Two calls: an ordinary fire first, then a 重大 leak with a death. The worse one leads, though older.
      const fire = `南桐镇民房火灾${Date.now().toString(36).slice(-4)}`;
      const leak = `青年镇危化品泄漏${Date.now().toString(36).slice(-4)}`;
      await registerIncident(page, {
        title: leak,
        level: 'II',
        subtype: 'hazardous_chemicals',
        address: '青年镇工业园',
        lon: '106.987',
        lat: '28.903',
      });
      await registerIncident(page, { title: fire, level: 'IV', address: '南桐镇红岩村' });
      const list = page.getByRole('listbox', { name: /未结束事件/ });
      const options = list.getByRole('option');
      await list.getByRole('option', { name: new RegExp(fire) }).waitFor();
      const titles = async () => (await options.allTextContents()).join('\n');
      await expect
        .poll(async () => (await titles()).indexOf(leak) < (await titles()).indexOf(fire))
        .toBe(true);
      // Every 特别重大/重大 (I, II) incident stands above every 一般 (IV) one, whatever came in since.
      const levels = (await list.locator('.level-badge').allTextContents()).map((l) => 'ⅠⅡⅢⅣ'.indexOf(l));
      expect(levels).toEqual([...levels].sort((x, y) => x - y));

      // Critical: D with nothing selected opens no dispatch; it says to select first and focuses the list.
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('d');
      await page.getByText('先选择事件').waitFor();
      expect(await page.getByTestId('dispatch-panel').count()).toBe(0);
      await expect.poll(() => focusedRole(page)).toBe('option');
      // ↓ walks the list, selecting as it goes; Home goes back to the most urgent.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Home');
      await expect.poll(() => focusedText(page)).toContain(leak);
      // A click on the selected incident keeps it selected.
      const fireRow = list.getByRole('option', { name: new RegExp(fire) });
      await fireRow.click();
      await expect.poll(() => fireRow.getAttribute('aria-selected')).toBe('true');
      await fireRow.click();
      expect(await fireRow.getAttribute('aria-selected')).toBe('true');
      // D now opens dispatch for that incident, and the panel names it before anything else.
      await page.keyboard.press('d');
      const panel = page.getByRole('complementary', { name: /调度/ });
      await panel.waitFor();
      expect(await panel.getByText('派往').isVisible()).toBe(true);
      expect(await panel.getByTestId('dispatch-target').textContent()).toContain(fire);
      await panel
        .getByText(/约 \d+ 分钟后到达|暂无可调队伍/)
        .first()
        .waitFor();
      await shot(page, 'dispatch-panel.zh-CN');
      // Sending a team starts the response: the incident leaves 接报 for 处置中, on the station's record.
      await panel.getByRole('button', { name: /^调度/ }).first().click();
      await expect.poll(() => fireRow.textContent()).toContain('处置中');
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });

      // Medium: however many alarms ring, they stand in one bar one line high, with their count.
      const alarmBar = page.getByRole('alert', { name: /条告警/ });
      if ((await alarmBar.count()) > 0) {
        expect((await alarmBar.boundingBox())!.height).toBeLessThanOrEqual(50);
        expect(await alarmBar.textContent()).toMatch(/\d+ 条告警/);
      }

      // High: the report desk is a named dialog; 起草首报 puts the focus in its first field; Esc closes it.
      const clock = page.getByTestId('clock-row').filter({ hasText: fire }).first();
      await clock.getByRole('button', { name: '报告' }).click();
      const desk = page.getByRole('dialog', { name: new RegExp(`信息报告：${fire}`) });
      await desk.waitFor();
      await desk.getByRole('button', { name: '起草首报' }).click();
      await desk.getByRole('form', { name: '报告内容' }).waitFor();
      await expect.poll(() => focusedLabel(page)).toBe('报告单位');
      await shot(page, 'report-editor.zh-CN');
      await desk.getByRole('button', { name: '保存并送签' }).click();
      // 待签发 says who signs: the leader on duty.
      await desk.getByText(/待带班领导签发（.+）/).waitFor();
      await shot(page, 'report-desk.zh-CN');
      await page.keyboard.press('Escape');
      await desk.waitFor({ state: 'detached' });

      // High: the handover sheet reads like a handover and can be signed.
      const handover = async (language: 'zh-CN' | 'en') => {
        const zh = language === 'zh-CN';
        await page.keyboard.press('Control+k');
        await page
          .getByRole('dialog', { name: zh ? '命令' : 'Commands' })
          .getByRole('textbox')
          .fill(zh ? '值班表' : 'Roster');
        await page.keyboard.press('Enter');
        await page.getByRole('tab', { name: zh ? '交接班' : 'Handover' }).click();
        await page.getByRole('button', { name: zh ? '生成交接单' : 'Draft handover sheet' }).click();
        const sheet = page.getByRole('dialog', { name: zh ? /交接班记录/ : /Handover record/ });
        await sheet.waitFor();
        const outgoing = (await sheet.getByTestId('handover-outgoing').textContent()) ?? '';
        const incoming = (await sheet.getByTestId('handover-incoming').textContent()) ?? '';
        expect(outgoing.split('：')[1]).not.toBe(incoming.split('：')[1]);
        const owed = (await sheet.getByTestId('handover-obligations').textContent()) ?? '';
        expect(owed).toContain(fire);
        expect(owed).not.toMatch(/initial\.|\bfinal\b|[0-9A-Z]{26}/);
        expect(owed).toMatch(zh ? /书面首报|电话首报/ : /Written initial|Phone initial/);
        await shot(page, `handover-sheet.${language}`);
        return sheet;
      };
      const sheet = await handover('zh-CN');
      await sheet.getByRole('button', { name: '存档交接单' }).click();
      await sheet.waitFor({ state: 'detached' });
      const kept = page.getByTestId('handover-kept');
      await kept.getByRole('button', { name: '交班人签字' }).first().waitFor();
      await kept.getByRole('button', { name: '接班人签字' }).first().waitFor();
      // The roster's file picker is a button in the interface language, not "Choose File".
      await page.getByText('导入人员名册（.xlsx）').waitFor();

      // The wall keeps the most urgent incident in sight, whatever pane has its turn.
      const wall = await rig.newPage({ viewport: { width: 1600, height: 900 } });
      await wall.goto(`${district.match[1]}?view=wall`);
      await expect
        .poll(async () => (await wall.getByRole('status', { name: '最紧急' }).textContent()) ?? '')
        .toMatch(/Ⅰ|Ⅱ/);
      await shot(wall, 'wall.zh-CN');
      await wall.close();

      // The same screens in English.
      await page.keyboard.press('l');
      await page.getByRole('listbox', { name: /Open incidents/ }).waitFor();
      await page
        .getByRole('listbox', { name: /Open incidents/ })
        .getByRole('option', { name: new RegExp(fire) })
        .click();
      await page.keyboard.press('d');
      const panelEn = page.getByRole('complementary', { name: /Dispatch/ });
      await panelEn.getByText('Send to').waitFor();
      await shot(page, 'dispatch-panel.en');
      await page.keyboard.press('Escape');
      await page
        .getByTestId('clock-row')
        .filter({ hasText: fire })
        .first()
        .getByRole('button', { name: 'Reports' })
        .click();
      const deskEn = page.getByRole('dialog', { name: new RegExp(fire) });
      await deskEn.getByText(/Awaiting sign-off by the leader on duty/).waitFor();
      await deskEn.getByRole('button', { name: /follow-up/i }).click();
      await deskEn.getByRole('form', { name: 'Report content' }).waitFor();
      await shot(page, 'report-editor.en');
      await page.keyboard.press('Escape');
      await deskEn.waitFor({ state: 'detached' });
      const sheetEn = await handover('en');
      await page.keyboard.press('Escape');
      await sheetEn.waitFor({ state: 'detached' });
      await page.keyboard.press('l');
    },
  );

  it(
    'the city hears of a report from below and names the district; intake takes an area by name; times are 24-hour in an English browser',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const hub = await rig.startHub();
      const [district, city] = await Promise.all([
        rig.startStation({
          id: 'night2-500110',
          jurisdiction: '500110',
          hub,
          args: [
            '--name',
            '万盛应急值班室',
            '--operator',
            '李主任',
            '--operator-role',
            'leader',
            '--leader',
            '王强',
          ],
        }),
        rig.startStation({
          id: 'night2-5001',
          jurisdiction: '5001',
          hub,
          args: ['--name', '市应急值班室', '--operator', '赵敏'],
        }),
      ]);
      const [a, b] = await Promise.all([rig.openConsole(district), rig.openConsole(city)]);

      // Intake: a name that fits no area is refused in Chinese; a village typed by name is offered and taken.
      const title = `红岩村山体滑坡${Date.now().toString(36).slice(-4)}`;
      await a.keyboard.press('n');
      const form = a.getByRole('form', { name: '接报登记' });
      await form.getByRole('textbox', { name: '事件名称' }).fill(title);
      const area = form.getByRole('combobox', { name: '行政区划（名称或代码）' });
      await area.fill('火星村');
      await area.press('Control+Enter');
      expect(await form.getByRole('alert').filter({ hasText: '未找到该区划' }).textContent()).not.toMatch(
        /[a-z]{5,}/,
      );
      await area.fill('红岩');
      await form
        .getByRole('listbox', { name: /匹配的乡镇/ })
        .getByRole('option', { name: /红岩村/ })
        .waitFor();
      await area.press('Enter');
      expect(await area.inputValue()).toBe('500110101002');
      await form.getByText('区划：南桐镇 红岩村').waitFor();
      await area.press('Control+Enter');
      await form.waitFor({ state: 'detached' });

      // The district's leader drafts, signs and sends the first report up to the city.
      await a
        .getByTestId('clock-row')
        .filter({ hasText: title })
        .first()
        .getByRole('button', { name: '报告' })
        .click();
      const desk = a.getByRole('dialog', { name: new RegExp(title) });
      await desk.getByRole('button', { name: '起草首报' }).click();
      await desk.getByRole('button', { name: '保存并送签' }).click();
      await desk.getByRole('button', { name: '签发' }).click();
      await confirmSigning(a, district.person?.pin);
      await desk.getByRole('button', { name: '报送上级' }).click();
      await desk.getByText('已报送').waitFor();
      await a.keyboard.press('Escape');

      // The city: an alarm for the report from below, naming the district; its inbox and list say where from.
      await b
        .getByRole('alert', { name: /条告警/ })
        .getByText(new RegExp(`下级报告：万盛经开区.*报来首报 · ${title}`))
        .waitFor();
      // However many alarms ring at the city, they stand in one bar one line high.
      expect((await b.getByRole('alert', { name: /条告警/ }).boundingBox())!.height).toBeLessThanOrEqual(50);
      await b
        .getByText(/来自 万盛经开区/)
        .first()
        .waitFor();
      const cityRow = b
        .getByRole('listbox', { name: /未结束事件/ })
        .getByRole('option', { name: new RegExp(title) });
      expect(await cityRow.textContent()).toContain('来自万盛经开区');
      expect(await b.getByText(/来自 500110/).count()).toBe(0);

      // An English-locale Chromium: the intake's times are 时:分 fields on the 24-hour clock, no AM/PM.
      const english = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--lang=en-US'],
      });
      try {
        const page = await english.newPage({ locale: 'en-US', viewport: { width: 1400, height: 900 } });
        page.setDefaultTimeout(SHOWS_WITHIN);
        await page.goto(district.match[1]);
        await signIn(page, district.person!);
        await expect.poll(() => linkStatus(page)).toBe('online');
        await page.getByRole('listbox', { name: /未结束事件/ }).waitFor();
        await page.keyboard.press('n');
        const intake = page.getByRole('form', { name: '接报登记' });
        const time = intake.getByRole('textbox', { name: '发生时间 · 时间（时:分，24 小时制）' });
        expect(await time.inputValue()).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        expect(await intake.locator('input[type=datetime-local], input[type=time]').count()).toBe(0);
        await intake.screenshot({ path: join(screens, 'intake.en-US-browser.png') });
      } finally {
        await english.close();
      }
    },
  );

  it(
    'a full flood night by visible labels: the district and its city on one hub, from the call to the handover',
    { timeout: SCENARIO_LIMIT },
    async () => {
      // The district runs the hub (and the demo feed: teams, this month's roster); the city joins it.
      const { district, city } = await districtAndCityOnOneHub(rig, {
        prefix: 'flood',
        districtArgs: ['--operator', demoLeaderOnDuty(), '--operator-role', 'leader'],
      });
      const [a, b] = await Promise.all([rig.openConsole(district), rig.openConsole(city)]);

      // The call: a 较大 flood in 凉风村, registered by keys, the area typed by name (steps.ts).
      const title = `凉风村洪涝${Date.now().toString(36).slice(-4)}`;
      await registerFloodInLiangfeng(a, title);
      const list = a.getByRole('listbox', { name: /未结束事件/ });
      const row = list.getByRole('option', { name: new RegExp(title) });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/Ⅲ.*洪涝.*接报/);

      // 首报: drafted, signed by the leader at this console, sent up.
      // The report desk by the command palette (Ctrl+K), by the incident's name.
      const openDesk = () => openReportDesk(a, title);
      const desk = await openDesk();
      await desk.getByRole('button', { name: '起草首报' }).click();
      await desk.getByRole('button', { name: '保存并送签' }).click();
      await desk.getByRole('button', { name: '签发' }).click();
      await confirmSigning(a, district.person?.pin);
      await desk.getByRole('button', { name: '报送上级' }).click();
      await desk.getByText('已报送').first().waitFor();
      await a.keyboard.press('Escape');
      await desk.waitFor({ state: 'detached' });

      // The city hears of it, names the district, and confirms receipt in its inbox.
      await b
        .getByRole('alert', { name: /条告警/ })
        .getByText(new RegExp(`下级报告：万盛经开区.*报来首报 · ${title}`))
        .waitFor();
      const cityRow = b
        .getByRole('listbox', { name: /未结束事件/ })
        .getByRole('option', { name: new RegExp(title) });
      expect(await cityRow.textContent()).toContain('来自万盛经开区');
      // The inbox's row (the city's own clock row for relaying it up names the flood too).
      const inbox = b
        .getByRole('region', { name: '报送时限' })
        .getByRole('listitem')
        .filter({ hasText: title })
        .filter({ has: b.getByRole('button', { name: '确认接收' }) });
      await inbox.getByText(/来自 万盛经开区/).waitFor();
      await inbox.getByRole('button', { name: '确认接收' }).click();
      await inbox.waitFor({ state: 'detached' });
      // …and the district's desk says so.
      const again = await openDesk();
      await again
        .getByText(/上级已接收/)
        .first()
        .waitFor();
      await a.keyboard.press('Escape');
      await again.waitFor({ state: 'detached' });

      // A team goes to the flood, chosen in the list: D opens dispatch for it, 调度 sends the first team.
      await row.click();
      await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
      await a.keyboard.press('d');
      const panel = a.getByRole('complementary', { name: /调度/ });
      await panel.getByText('派往').waitFor();
      expect(await panel.getByText(title).count()).toBeGreaterThan(0);
      await panel.getByRole('button', { name: /^调度/ }).first().click();
      await expect.poll(() => row.textContent()).toContain('处置中');
      await a.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });

      // W: the wall display in this window — the flood in its list beside the map — and W back to the console.
      await a.locator('body').click({ position: { x: 5, y: 5 } });
      await a.keyboard.press('w');
      // The header's switch now leads back to the console; 最紧急 stands over the map.
      await a.getByRole('button', { name: '控制台' }).waitFor();
      await a.getByRole('status', { name: '最紧急' }).waitFor();
      await a
        .getByRole('region', { name: '突发事件' })
        .getByRole('listbox', { name: /未结束事件/ })
        .getByRole('option', { name: new RegExp(title) })
        .waitFor();
      // The wall takes no calls: no 接报登记 there.
      expect(await a.getByRole('button', { name: /接报登记/ }).count()).toBe(0);
      await a.keyboard.press('w');
      await a.getByRole('button', { name: /接报登记/ }).waitFor();
      await row.waitFor();
      expect(await a.getByRole('status', { name: '最紧急' }).count()).toBe(0);

      // The shift hands over: the sheet names the flood and what is still owed on it, and is kept.
      await a.keyboard.press('Control+k');
      await a.getByRole('dialog', { name: '命令' }).getByRole('textbox').fill('值班表');
      await a.keyboard.press('Enter');
      await a.getByRole('tab', { name: '交接班' }).click();
      await a.getByRole('textbox', { name: /交班备注/ }).fill('凉风村洪涝：队伍在场，续报按时报送');
      await a.getByRole('button', { name: '生成交接单' }).click();
      const sheet = a.getByRole('dialog', { name: /交接班记录/ });
      await sheet.waitFor();
      await expect.poll(async () => (await sheet.textContent()) ?? '').toContain(title);
      expect(await sheet.getByText('凉风村洪涝：队伍在场，续报按时报送').count()).toBeGreaterThan(0);
      await sheet.getByRole('button', { name: '存档交接单' }).click();
      await sheet.waitFor({ state: 'detached' });
      await a.getByRole('button', { name: '交班人签字' }).first().waitFor();
      await a.getByRole('button', { name: '接班人签字' }).first().waitFor();
      // The console at the end of the night: the flood 处置中 at the top, its team on the map.
      await shot(a, 'flood-night.console.zh-CN');
    },
  );
});
