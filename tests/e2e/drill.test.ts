import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { shippedScenario } from '../../shared/drills/shippedScenarios';
import { demoLeaderOnDuty, demoPerson } from './harness';
import { browserModeRig, describeBrowserSuite, SCENARIO_LIMIT } from './rig';
import { districtAndCityOnOneHub, openReportDesk, signFirstReport } from './steps';

/**
 * Issue 22's done-when, in Debian's Chromium by visible labels. The district runs the hub with the demo
 * directory, roster and feed; its city joins. The city opens 演练管理 from the command palette and starts a
 * blind (双盲) hazardous-chemicals drill on the district. The district's leader on duty sees an ordinary call
 * to register — nothing says 演练 — registers it from the filled intake form, drafts, signs and sends a 首报
 * and dispatches a team. The city follows the drilled room's actions on the drill's live timeline and ends the
 * drill; the district console says 演练结束 with the drill's name and now marks the record 演练. The city's
 * evaluation shows each expected action with when it was done and how late; the evaluation report and the
 * timeline are saved as files. The real timeliness statistics at both stations count nothing of it, and the
 * city owes the province nothing about it. Screenshots go to a temporary folder for a person to look at.
 */
const SHOTS = join(tmpdir(), 'dutyroom-drill-shots');
const SCRIPT = '危险化学品道路运输事故专项应急演练';
const CALL = 'G65高速液氯槽罐车侧翻泄漏';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** A pane, shown through the command palette (Ctrl+K) by the action's name. */
async function byPalette(page: Page, action: string): Promise<void> {
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: '命令' });
  await palette.getByRole('textbox', { name: '输入命令…' }).fill(action);
  await palette.getByRole('option', { name: action, exact: true }).click();
}

/** 报送及时性统计 for today: the total row's cells (应报, 按时, 迟报, 逾期未报, 未到期, 按时率). */
async function timelinessToday(page: Page): Promise<string[]> {
  const clocks = page.getByRole('region', { name: '报送时限' });
  const details = clocks.getByRole('group').filter({ hasText: '报送及时性统计' });
  if ((await details.getAttribute('open')) === null) await details.getByText('报送及时性统计').click();
  await details.getByRole('combobox', { name: '统计时段' }).selectOption({ label: '今天' });
  await details.getByRole('button', { name: '统计', exact: true }).click();
  const total = details.getByRole('table', { name: '按报告类型' }).getByRole('row', { name: /^合计/ });
  await total.waitFor();
  return (await total.getByRole('cell').allTextContents()).map((s) => s.trim());
}

/** The call the script opens with, as the organiser's timeline and evaluation name it. */
const CALL_INJECT = shippedScenario('hazchem-road-district')!.injects.find((i) => i.key === 'tanker_call')!
  .title.zh;

/** The drilled room's evaluation table as read on screen: each body row's cells, trimmed. */
const evaluationRows = (evaluation: Locator) =>
  evaluation
    .getByRole('row')
    .evaluateAll((rows) =>
      rows
        .map((r) => [...r.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim()))
        .filter((cells) => cells.length > 0),
    );

describeBrowserSuite('a blind drill from the city on a district (issue 22)', () => {
  const rig = browserModeRig('drill');

  it(
    'the district handles the injected call as real; the city ends the drill and reads its evaluation; real statistics and the province see nothing of it',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const leader = demoPerson(demoLeaderOnDuty())!;
      const { district, city } = await districtAndCityOnOneHub(rig, {
        prefix: 'drill',
        districtArgs: ['--operator', demoLeaderOnDuty()],
      });
      const [a, b] = await Promise.all([
        rig.openConsole(district),
        // Tall, so the organiser's pane shows the timeline and the evaluation in the screenshots.
        rig.openConsole(city, { width: 1400, height: 1500, acceptDownloads: true }),
      ]);

      // 1. The city opens 演练管理 from the palette and starts a blind drill on the district, now.
      await byPalette(b, '演练管理');
      const pane = b.getByRole('region', { name: '演练管理' });
      await pane.waitFor();
      // The organiser gives the pane its column (the screenshots show the timeline and the evaluation whole).
      for (const other of ['值班人员', '救援队伍', '预警'])
        await b.getByRole('region', { name: other }).getByRole('button', { name: '隐藏' }).click();
      await pane.getByRole('button', { name: '新建演练' }).click();
      const form = pane.getByRole('form', { name: '新建演练' });
      const script = form.getByRole('combobox', { name: '演练脚本' });
      await script.selectOption(
        (await script.locator('option', { hasText: SCRIPT }).getAttribute('value')) ?? '',
      );
      await form.getByRole('checkbox', { name: /万盛/ }).check();
      await form.getByRole('radio', { name: '双盲演练' }).check();
      await form.getByRole('radio', { name: '立即开始' }).check();
      await shot(b, '01-city-new-drill');
      await form.getByRole('button', { name: '开始演练' }).click();
      const listed = pane
        .getByRole('list', { name: '演练列表' })
        .getByRole('listitem')
        .filter({ hasText: SCRIPT });
      await listed.getByText('进行中').waitFor();

      // 2. The district sees an ordinary call to register: nothing on its screen says 演练.
      const calls = a.getByRole('region', { name: '来电待登记' });
      const call = calls.getByRole('listitem', { name: CALL });
      await call.waitFor();
      expect(await calls.textContent()).not.toContain('演练');
      await shot(a, '02-district-incoming-call');
      await call.getByRole('button', { name: '登记' }).click();
      const intake = a.getByRole('form', { name: '接报登记' });
      await expect.poll(() => intake.getByRole('textbox', { name: '事件名称' }).inputValue()).toBe(CALL);
      expect(await intake.textContent()).not.toContain('演练');
      // The officer places it on the map's coordinates as with any call, and saves.
      await intake.getByRole('textbox', { name: '经度' }).fill('106.93');
      await intake.getByRole('textbox', { name: '纬度' }).fill('28.96');
      await shot(a, '03-district-intake-filled');
      await intake.getByRole('textbox', { name: '事件名称' }).press('Control+Enter');
      const anyway = intake.getByRole('button', { name: '不是重复，登记为新事件' });
      await expect.poll(async () => (await intake.count()) === 0 || (await anyway.count()) > 0).toBe(true);
      if ((await intake.count()) > 0) await anyway.click();
      await intake.waitFor({ state: 'detached' });
      await call.waitFor({ state: 'detached' });
      const row = a
        .getByRole('listbox', { name: /未结束事件/ })
        .getByRole('option', { name: new RegExp(CALL) });
      await row.waitFor();
      expect(await row.textContent()).not.toContain('演练');

      // 3. A 首报: drafted, signed with the leader's own PIN, sent up to the city.
      const desk = await openReportDesk(a, CALL);
      const report = await signFirstReport(a, desk, leader.pin);
      await desk.getByRole('button', { name: '报送上级' }).click();
      await expect.poll(() => report.getAttribute('data-status')).toBe('sent');
      expect(await desk.textContent()).not.toContain('演练');
      await a.keyboard.press('Escape');
      await desk.waitFor({ state: 'detached' });

      // 4. A team dispatched from the dispatch panel (D on the selected incident).
      await row.click();
      await a.keyboard.press('d');
      const panel = a.getByRole('complementary', { name: /^调度 · / });
      await panel.waitFor();
      const available = panel
        .getByRole('region', { name: '可调队伍（按预计到达排序）' })
        .getByRole('listitem');
      await available.first().getByRole('button', { name: /^调度/ }).click();
      await panel.getByRole('region', { name: '已下达指令' }).getByRole('listitem').first().waitFor();
      await shot(a, '04-district-dispatched');
      await a.keyboard.press('Escape');

      // 5. The city follows the drilled room on the drill's live timeline.
      // (The drill just started is the open one; a click on it would close it.)
      const open = listed.getByRole('button');
      if ((await open.getAttribute('aria-pressed')) !== 'true') await open.click();
      const detail = pane.getByRole('article', { name: SCRIPT });
      const timeline = detail.getByRole('region', { name: '演练时间线' });
      for (const action of ['情景注入', '接报登记', '首报', '调派队伍'])
        await timeline.getByRole('cell', { name: action, exact: true }).first().waitFor();
      await shot(b, '05-city-timeline');

      // 6. The city ends the drill, confirmed.
      await detail.getByRole('button', { name: '结束演练' }).click();
      const confirm = detail.getByRole('alertdialog', { name: '结束演练' });
      await confirm.getByText(`确认结束“${SCRIPT}”？`, { exact: false }).waitFor();
      await confirm.getByRole('button', { name: '确认' }).click();
      await listed.getByText('已结束').waitFor();

      // 7. The district console says so plainly, naming the drill; its record is now marked 演练.
      const notice = a.getByRole('alert', { name: '演练结束' });
      await notice.getByText(`演练“${SCRIPT}”已结束`, { exact: false }).waitFor();
      await row.getByText('演练', { exact: true }).waitFor();
      await shot(a, '06-district-drill-ended');
      await notice.getByRole('button', { name: '知道了' }).click();
      await notice.waitFor({ state: 'detached' });

      // 8. The evaluation: each expected action with when it was done and how late.
      const evaluation = detail.getByRole('region', { name: '演练评估' });
      // Final once the drill is over: the headquarters never activated reads 未完成 (未到时限 while it ran).
      await evaluation.getByRole('cell', { name: '未完成', exact: true }).first().waitFor();
      expect(await evaluation.getByText('演练进行中', { exact: false }).count()).toBe(0);
      // Columns: 情景, 应对动作, 时限, 完成时间, 超时, 结果 — one row per expected action of the script.
      const rows = await evaluationRows(evaluation);
      const about = (action: string) => rows.find((r) => r[0] === CALL_INJECT && r[1] === action);
      for (const action of ['接报登记', '首报', '调派队伍']) {
        const [, , due, done, late, outcome] = about(action) ?? [];
        expect(due, `${action} in ${JSON.stringify(rows)}`).toMatch(/\d{2}-\d{2} \d{2}:\d{2}/);
        expect(done, action).toMatch(/\d{2}-\d{2} \d{2}:\d{2}/);
        expect(outcome, action).toMatch(/^(按时完成|超时完成)$/);
        expect(late, action).toMatch(outcome === '超时完成' ? /^\d+ 分钟$/ : /^—$/);
      }
      const hq = about('启动指挥部') ?? [];
      expect([hq[3], hq[4], hq[5]], JSON.stringify(rows)).toEqual(['—', '—', '未完成']);
      await evaluation
        .getByRole('textbox', { name: '发现的问题' })
        .fill('首报内容未写明泄漏物质的危险特性。');
      await evaluation.getByRole('textbox', { name: '改进建议' }).fill('修订危化品专项预案的信息报送模板。');
      await shot(b, '07-city-evaluation');
      const [docx] = await Promise.all([
        b.waitForEvent('download'),
        evaluation.getByRole('button', { name: '保存演练评估报告（.docx）' }).click(),
      ]);
      expect(docx.suggestedFilename()).toMatch(/演练.*\.docx$/);
      const [xlsx] = await Promise.all([
        b.waitForEvent('download'),
        evaluation.getByRole('button', { name: '保存时间线（.xlsx）' }).click(),
      ]);
      expect(xlsx.suggestedFilename()).toMatch(/演练.*\.xlsx$/);
      // The findings go on record; the recommendation opens a revision of the plan the city names.
      await evaluation.getByRole('button', { name: '保存评估意见' }).click();
      const onRecord = evaluation.getByRole('region', { name: '已保存的评估意见' });
      await onRecord.getByText('修订危化品专项预案的信息报送模板。').waitFor();
      const picker = onRecord.getByRole('combobox', { name: '第 1 条建议所涉预案' });
      await picker.locator('option').nth(1).waitFor({ state: 'attached' });
      await picker.selectOption({ index: 1 });
      await onRecord.getByRole('button', { name: '据此修订预案' }).click();
      await evaluation.getByText(/已开启预案“.+”第 \d+ 版修订/).waitFor();
      await onRecord.getByText(/已据此修订预案“.+”（第 \d+ 版）/).waitFor();

      // 9. Nothing of it is real: the only report sent in this story was the drill's 首报, and neither
      // station's timeliness counts it (按时 0, 迟报 0); the city owes the province nothing about it — its
      // 报送时限 holds the district's 首报 to acknowledge (the organiser's), and no clock of its own.
      for (const page of [a, b]) {
        const [due, onTime, late] = await timelinessToday(page);
        expect([onTime, late]).toEqual(['0', '0']);
        expect(Number(due)).toBeGreaterThanOrEqual(0);
      }
      const cityClocks = b.getByRole('region', { name: '报送时限' });
      const inboxRow = cityClocks
        .getByRole('listitem')
        .filter({ hasText: CALL })
        .filter({ has: b.getByRole('button', { name: '确认接收' }) });
      await inboxRow.waitFor();
      expect(
        await cityClocks
          .getByRole('listitem')
          .filter({ hasText: CALL })
          .filter({ hasNot: b.getByRole('button', { name: '确认接收' }) })
          .count(),
      ).toBe(0);
      await shot(b, '08-city-statistics');
    },
  );
});
